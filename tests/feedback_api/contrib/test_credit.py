"""Published pages credit their contributors, each linked to a public profile in the portal that
shows their level and badges; every name stays text, never markup."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from contrib_helpers import ARTICLE_ID, ARTICLE_SOURCE, api_post, contributor, decide, edit, pages, publish, reviewer

from feedback_api.db import Database
from feedback_api.staff import accounts
from feedback_api.staff.orm import orm
from generator.cli import main
from generator.content.frontmatter import split
from generator.safety.text import plain_text

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = 'Ada <img src=x onerror=alert(1)> "L"'


def test_a_published_edit_credits_its_contributor_with_a_link_to_their_profile(app, client, other_client, contrib_db,
                                                                               kb_copy, tmp_path):
    token = contributor(client, name=HOSTILE)
    me = client.get("/api/v1/contributors/me").json()
    handle = me["handle"]
    assert re.fullmatch(r"ada-img-src-x-onerror-alert-1-l-\d+", handle)
    body = split((kb_copy / ARTICLE_SOURCE).read_text(encoding="utf-8")).body + "\nAlso see Settings.\n"
    sub = api_post(client, token, "/api/v1/submissions", edit(body)).json()
    assert decide(reviewer(other_client, contrib_db), sub["id"]).status_code == 303
    r = CliRunner().invoke(main, ["submissions", "export", "--kb", str(kb_copy), "--database-url", contrib_db])
    assert r.exit_code == 0, r.output
    assert split((kb_copy / ARTICLE_SOURCE).read_text(encoding="utf-8")).data["contributors"] == [f"{plain_text(HOSTILE)} (@{handle})"]

    site = tmp_path / "built"
    r = CliRunner().invoke(main, ["build", "--kb", str(kb_copy), "--config", str(ROOT / "mkdocs.yml"),
                                  "--site-dir", str(site), "-q", "--no-search-index"])
    assert r.exit_code == 0, r.output
    html = (site / "articles/account/change-your-plan/index.html").read_text(encoding="utf-8")
    credit = re.search(r'<p class="kb-contributors">.*?</p>', html, re.S).group(0)
    assert f'<a href="/contribute/people/{handle}" rel="nofollow" data-kb-contributor>' in credit
    assert "Ada \u2039img src=x onerror=alert(1)&gt; &#34;L&#34;</a>" in credit  # as the export wrote it
    assert "<img src=x" not in html

    # The link's target: public (a signed-out visitor), with the level and the badge the published edit earned.
    publish(app, pages(**{ARTICLE_ID: {"submission": sub["id"]}}), "build-2")
    visitor = other_client
    visitor.cookies.clear()
    page = visitor.get(f"/contribute/people/{handle}")
    assert page.status_code == 200
    assert "<h1>Ada &lt;img src=x onerror=alert(1)&gt; &#34;L&#34;</h1>" in page.text
    assert re.search(r'data-kb-level>Newcomer<', page.text) and "First edit" in page.text
    assert "Change your plan or number of seats" in page.text


def test_profile_addresses_are_stable_and_only_name_contributors(client, other_client, contrib_db):
    contributor(client, name="Bo Chen")
    handle = client.get("/api/v1/contributors/me").json()["handle"]
    account_id = handle.rsplit("-", 1)[1]
    # A page built before a change of display name still finds the contributor.
    r = other_client.get(f"/contribute/people/old-name-{account_id}", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == f"/contribute/people/{handle}"
    reviewer(other_client, contrib_db)
    db = Database(contrib_db)
    try:  # the reviewer's account: staff have no public profile
        staff_id = db.read_sync(orm(lambda s: accounts.find(s, "rev@example.com").id))
    finally:
        db.close()
    for missing in (f"rev-{staff_id}", "bo-chen-999999", "bo-9999999999", "bo-99999999999", "bo-chen", "bo-chen-0", "-1", "x" * 300):
        r = client.get(f"/contribute/people/{missing}")
        assert r.status_code == 404, missing
