"""Hostile contributor Markdown never runs on the public site (issue 10, item 2).

Every case of tests/hostile/publish_cases.py SUBMISSIONS is sent as a new article (with a hostile
title) through the real service, approved by a reviewer, written by `kb submissions export`,
built with `kb build`, and opened in Chromium: the article by direct load and after Material's
instant navigation from its category page, the category and tag pages, and the search results.
Nothing may produce a script, a handler, a dangerous URL or a dialog. The reviewer's preview of
each submission must hold the same text as the published article's body.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import httpx
import pytest

from .conftest import serve_copy

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
sys.path.insert(0, str(ROOT / "tests" / "feedback_api" / "contrib"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import publish_cases  # noqa: E402
from contrib_helpers import PASSWORD, api_post, contributor, decide, staff_sign_in  # noqa: E402
from test_hostile_frontmatter import FIND_INJECTED, local_only  # noqa: E402


@pytest.fixture
def served(live_server, built_site: Path, kb_copy: Path, tmp_path: Path):
    return serve_copy(live_server, built_site, kb_copy, tmp_path, KB_CONTRIB_DAILY_LIMIT="1000")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("¶", " ").split())


def _check(page, url: str, dialogs: list) -> list[str]:
    found = page.evaluate(FIND_INJECTED) + [f"dialog {d}" for d in dialogs]
    dialogs.clear()
    return [f"{url}: {f}" for f in found]


def test_hostile_submissions_publish_as_text(served, browser, kb_copy: Path, tmp_path: Path):
    base = served.url
    me = httpx.Client(base_url=base)
    token = contributor(me, name="Mallory <img src=x onerror=alert(301) data-pwn>")
    served.create_staff("rev@example.com", PASSWORD, "reviewer")
    staff = httpx.Client(base_url=base)
    staff_sign_in(staff, "rev@example.com")

    titles = [t for _, t in publish_cases.SUBMISSION_TITLES]
    previews, subs = {}, {}
    for i, (name, body) in enumerate(publish_cases.SUBMISSIONS):
        title = f"Hostile {i} {titles[i % len(titles)]}"
        r = api_post(me, token, "/api/v1/submissions", {"kind": "article", "title": title, "category": "account",
                                                        "tags": ["billing"], "lang": "en", "body": body})
        assert r.status_code in (200, 201), r.text
        subs[name] = r.json()["id"]
        previews[name] = api_post(me, token, "/api/v1/previews", {"body": body}).json()["html"]
        assert decide(staff, subs[name]).status_code == 303

    served.kb("submissions", "export", "--kb", str(kb_copy), "--database-url", served.database_url)
    config = tmp_path / "mkdocs.yml"
    # Content errors do not stop this build: a hostile body may hold links that do not resolve,
    # which `kb check` reports; what is under test is what reaches the page.
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: {base}/\ntheme:\n  custom_dir: {ROOT / 'theme'}\n"
                      "plugins:\n  - helpcenter:\n      fail_on_errors: false\n  - search\n", encoding="utf-8")
    served.kb("build", "--config", str(config), "--kb", str(kb_copy), "--site-dir", str(served.site_dir), "-q")

    manifest = json.loads((served.site_dir / "manifest.json").read_text(encoding="utf-8"))
    published = {p["submission"]: p for p in manifest["pages"] if p.get("submission")}
    assert set(published) == set(subs.values())

    context = local_only(browser.new_context())
    problems: list[str] = []
    dialogs: list[str] = []
    mismatches: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for name, sub_id in subs.items():
            url = f"{base}/{published[sub_id]['url']}"
            page.goto(url)
            page.wait_for_timeout(30)
            problems += _check(page, url, dialogs)
            body = page.inner_html("article.md-content__inner")
            # What the reviewer saw is what is published: the preview's text is the article's body.
            if _text(previews[name]) not in _text(body):
                mismatches.append(f"{name}: preview {_text(previews[name])!r} is not in the page {_text(body)!r}")
        for listing in ("categories/account/", "tags/billing/", "search/?q=Hostile"):
            page.goto(f"{base}/{listing}")
            if listing.startswith("search"):
                page.wait_for_selector(".kb-search__results a", timeout=15000)
            problems += _check(page, listing, dialogs)
        # Material's instant navigation: from the category page into each article, no reload.
        page.goto(f"{base}/categories/account/")
        for sub_id in subs.values():
            title = published[sub_id]["title"]
            page.get_by_role("link", name=title, exact=True).first.click()
            page.wait_for_url(f"**/{published[sub_id]['url']}")
            page.wait_for_timeout(30)
            problems += _check(page, f"instant {published[sub_id]['url']}", dialogs)
            page.go_back()
            page.wait_for_url("**/categories/account/")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert not mismatches, "\n".join(mismatches)
