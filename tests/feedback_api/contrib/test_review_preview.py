"""The reviewer's preview is the page as the site will show it: the generator's rendering of
contributed text (admonitions, tabs, highlighted code) inside the built site's own stylesheets,
framed by the review page and by nothing else."""

from __future__ import annotations

import re

from contrib_helpers import api_post, contributor, edit, reviewer

from generator.safety.contributed import render as render_contributed

BODY = """\
Intro.

!!! note "Before you start"

    You need the **Owner** role.

=== "Windows"

    Press ++ctrl+s++.

=== "macOS"

    Press ++cmd+s++.

```python
print("hello")
```
"""


def test_the_review_page_frames_the_submission_styled_as_the_site(client, other_client, contrib_db, site_dir):
    (site_dir / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="assets/stylesheets/main.6f8fc17f.min.css">'
        '<link rel="stylesheet" href="assets/kb/helpcenter.css"><link rel="stylesheet" href="https://cdn.example/x.css">'
        "</head><body></body></html>", encoding="utf-8")
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", edit(BODY)).json()
    staff = reviewer(other_client, contrib_db)
    page = staff.get(f"/admin/review/{sub['id']}")
    assert f'<iframe class="site-preview" src="/admin/review/{sub["id"]}/preview"' in page.text
    assert "frame-src 'self'" in page.headers["Content-Security-Policy"]

    framed = staff.get(f"/admin/review/{sub['id']}/preview")
    assert framed.status_code == 200
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)">', framed.text)
    assert styles == ["/assets/stylesheets/main.6f8fc17f.min.css", "/assets/kb/helpcenter.css"]  # the site's own, same origin
    article = framed.text.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert render_contributed(BODY) in article, "exactly what the build publishes for a contributed page"
    for markup in ('class="admonition note"', 'class="tabbed-set tabbed-alternate"', 'class="highlight"'):
        assert markup in article
    assert framed.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed.headers["Content-Security-Policy"]


def test_the_preview_is_for_reviewers_only(client, other_client, contrib_db):
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", edit(BODY)).json()
    assert client.get(f"/admin/review/{sub['id']}/preview", follow_redirects=False).status_code == 303  # a contributor: sign in as staff
    staff = reviewer(other_client, contrib_db)
    assert staff.get("/admin/review/no-such-id/preview").status_code == 404
