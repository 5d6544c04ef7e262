"""Submitted Markdown never reaches a page unsanitized: preview API, contributor page, review page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from contrib_helpers import api_post, contributor, edit, reviewer, staff_post

from feedback_api.contrib import sanitize

EVIL = """# Title

<script>alert('s')</script>
[click](javascript:alert('j')) [click2](JAVASCRIPT:alert(1)) [click3]( jav&#x09;ascript:alert(1))
<a href="javascript:alert(2)">x</a>
<img src="x" onerror="alert('e')"> <img src="data:image/svg+xml;base64,PHN2Zz4=">
<a href="data:text/html,<script>alert(3)</script>">d</a>
<iframe src="https://evil.example"></iframe>
<div onclick="alert(4)" style="background:url(javascript:alert(5))">div</div>
<svg onload="alert(6)"></svg>
<style>body { display: none }</style>
[ok](https://example.com/page)
"""


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _assert_clean(html: str) -> None:
    """No element, handler or URL that could run script; raw HTML may remain as visible text."""
    parsed = _Tags()
    parsed.feed(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "iframe", "style", "svg", "object", "embed", "base", "meta", "form"), (tag, html)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (tag, name, html)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), (tag, value, html)


def test_render_allow_list():
    html = sanitize.render(EVIL)
    _assert_clean(html)
    assert '<a href="https://example.com/page" rel="nofollow ugc">ok</a>' in html
    assert all('rel="nofollow ugc"' in a for a in re.findall(r"<a [^>]*>", html))


def test_diff_is_escaped():
    table = sanitize.diff_table("safe line\n", EVIL)
    assert "<script" not in table.lower() and "&lt;script&gt;" in table


def test_pages_only_show_sanitized_html(client, other_client, contrib_db):
    token = contributor(client)
    preview = api_post(client, token, "/api/v1/previews", {"body": EVIL})
    assert preview.status_code == 200
    _assert_clean(preview.json()["html"])
    sub = api_post(client, token, "/api/v1/submissions", edit(EVIL)).json()
    own = client.get(f"/contribute/submissions/{sub['id']}").text
    _assert_clean(own.split('<div class="preview rendered">', 1)[1])
    staff = reviewer(other_client, contrib_db)
    staff_post(staff, f"/admin/review/{sub['id']}/claim")
    page = staff.get(f"/admin/review/{sub['id']}")
    assert page.status_code == 200
    body = page.text.split("<main>", 1)[1]
    # The page frames the site-styled preview (its own document, checked below); nothing else frames.
    assert body.count("<iframe") == 1
    body = re.sub(r'<iframe class="site-preview" src="/admin/review/[\w-]+/preview" title="[^"<>]*"></iframe>', "", body)
    # The raw Markdown appears only escaped inside the diff; the preview is the sanitized HTML.
    assert "<script" not in body.lower() and "<iframe" not in body.lower()
    assert not re.search(r"<[^>]+\son\w+=", body, re.I)
    # Inside a real tag, that is: the diff shows the submitted text, escaped, quotes and all.
    assert not re.search(r'<[^<>]*\s(href|src)="\s*(javascript|data):', body, re.I)
    assert "&lt;script&gt;" in body
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    framed = staff.get(f"/admin/review/{sub['id']}/preview")
    _assert_clean(framed.text.split("<article", 1)[1])
    assert "script-src" not in framed.headers["Content-Security-Policy"] and "default-src 'none'" in framed.headers["Content-Security-Policy"]
