"""A reviewer sees a submission as the site will show it: in the review page's preview, an
admonition, content tabs and highlighted code have the same computed style as on a published page
of the site (section 3 of issue 14)."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from .conftest import serve_copy

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "feedback_api" / "contrib"))
from contrib_helpers import PASSWORD, api_post, contributor  # noqa: E402

BODY = """\
Intro.

!!! note "Working calendar"

    Weekends are skipped.

=== "Windows"

    Press **Ctrl**.

=== "macOS"

    Press **Cmd**.

```json
{"error": "forbidden"}
```
"""
# Computed styles that make each block look like the site's (border, colours, fonts, spacing).
STYLE = """(el) => { const s = getComputedStyle(el);
  return [s.borderLeftWidth, s.borderLeftColor, s.backgroundColor, s.fontFamily, s.fontSize, s.paddingLeft, s.borderRadius]; }"""
PUBLISHED = {  # a published page of the sample site holding the same kind of block
    ".admonition.note": "/articles/tasks/recurring-tasks/",
    ".highlight code": "/articles/permissions/fix-403-permission-errors/",
}


def test_the_review_preview_looks_like_the_published_page(browser, sqlite_server, staff_signed_in, built_site, kb_copy, tmp_path):
    serve_copy(sqlite_server, built_site, kb_copy, tmp_path)  # submissions read the content folder
    base = sqlite_server.url
    me = httpx.Client(base_url=base)
    token = contributor(me, email="ann@example.com", name="Ann")
    sub = api_post(me, token, "/api/v1/submissions", {"kind": "article", "title": "Calendars", "category": "account",
                                                     "tags": ["billing"], "lang": "en", "body": BODY})
    assert sub.status_code == 201, sub.text
    sub = sub.json()
    reviewer = staff_signed_in(sqlite_server, email="rev@example.com", password=PASSWORD, role="reviewer")
    try:
        reviewer.goto(f"{base}/admin/review/{sub['id']}")
        frame = reviewer.frame_locator("iframe.site-preview")
        frame.locator(".admonition.note").wait_for(timeout=10_000)
        site = reviewer.context.new_page()
        for selector, url in PUBLISHED.items():
            site.goto(base + url)
            published = site.locator(f".md-content {selector}").first.evaluate(STYLE)
            assert frame.locator(selector).first.evaluate(STYLE) == published, selector
        # Tabs work as on the site: one panel shown, the other hidden until its label is clicked.
        panels = frame.locator(".tabbed-block")
        assert panels.nth(0).is_visible() and not panels.nth(1).is_visible()
        frame.locator(".tabbed-labels label", has_text="macOS").click()
        assert panels.nth(1).is_visible() and not panels.nth(0).is_visible()
    finally:
        reviewer.context.close()
