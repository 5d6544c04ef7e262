"""Contributor accounts (no enumeration), the revise loop, and the contributor pages."""

from __future__ import annotations

import re

from contrib_helpers import (
    ARTICLE_ID,
    add_staff,
    api_post,
    contributor,
    csrf_from,
    decide,
    edit,
    register,
    reviewer,
    sign_in,
    staff_post,
)


def _text(r) -> str:
    return re.sub(r'value="[^"]*"|content="[^"]*"', "", r.text)  # tokens differ per page view


def test_register_does_not_reveal_existing_accounts(client, other_client, contrib_db):
    first = register(client, "ada@example.com", "Ada")
    add_staff(contrib_db, "staff@example.com")
    again = register(other_client, "ada@example.com", "Mallory")
    staff_addr = register(other_client, "staff@example.com", "Mallory")
    assert first.status_code == again.status_code == staff_addr.status_code == 200
    assert _text(first) == _text(again)
    # The existing account keeps its password and name; staff cannot sign in here.
    assert sign_in(client, "ada@example.com").status_code == 303
    assert sign_in(other_client, "staff@example.com").status_code == 401
    assert "Ada" in client.get("/contribute/profile").text


def test_request_changes_then_revise(client, other_client, contrib_db):
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", edit("First try.\n")).json()
    staff = reviewer(other_client, contrib_db)
    assert decide(staff, sub["id"], "request_changes", "").status_code == 400  # a reason is required
    assert staff_post(staff, f"/admin/review/{sub['id']}/decide", {"decision": "request_changes", "note": "Add a link."}).status_code == 303
    page = client.get(f"/contribute/submissions/{sub['id']}")
    assert "Add a link." in page.text and "data-kb-submit" in page.text
    r = api_post(client, token, f"/api/v1/submissions/{sub['id']}/revisions", {"body": "Second try with a [link](https://x.example).\n"})
    assert r.status_code == 200 and r.json()["state"] == "pending" and r.json()["revision"] == 2
    # Not revisable again until a reviewer asks.
    assert api_post(client, token, f"/api/v1/submissions/{sub['id']}/revisions", {"body": "x"}).status_code == 409
    assert sub["id"] in staff.get("/admin/review").text
    detail = staff.get(f"/admin/review/{sub['id']}").text
    assert "changes requested" in detail and "revised (revision 2)" in detail
    assert "needs changes" in client.get("/contribute/profile").text


def test_contributor_pages(client):
    assert client.get("/contribute/profile", follow_redirects=False).status_code == 303
    assert client.get("/contribute/questions").status_code == 200
    token = contributor(client)
    editor = client.get(f"/contribute/edit/{ARTICLE_ID}")
    assert editor.status_code == 200 and "Only the **Workspace owner**" in editor.text
    assert "script-src 'self'" in editor.headers["Content-Security-Policy"]
    assert 'name="website"' in editor.text  # the honeypot
    new = client.get("/contribute/new?category=account")
    assert '<option value="account" selected>' in new.text
    assert client.get("/contribute/edit/nope").status_code == 404
    assert csrf_from(editor.text) == token


def test_review_pages_need_a_reviewer(client, other_client, contrib_db):
    assert other_client.get("/admin/review", follow_redirects=False).status_code == 303
    add_staff(contrib_db, "viewer@example.com", "viewer")
    from contrib_helpers import staff_sign_in

    staff_sign_in(other_client, "viewer@example.com")
    assert other_client.get("/admin/review").status_code == 403


def test_a_question_from_search_prefills_the_new_article_title_escaped(client):
    # The results page's "Ask this question" link when no article answers the search well.
    contributor(client)
    new = client.get("/contribute/new", params={"title": 'why "export" <b>fails</b>', "lang": "en"})
    assert new.status_code == 200
    assert 'name="title" minlength="3" maxlength="200" value="why &#34;export&#34; &lt;b&gt;fails&lt;/b&gt;"' in new.text
