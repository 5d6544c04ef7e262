"""Pages load fully with no third-party host, and a Chinese page gets Chinese chrome and typography.

A reader in mainland China or on an offline network cannot reach Google's font service (Material's
default); pages then wait on it or render late. By default no built page may ask any host but the
site's own for fonts, scripts or styles.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import translated_pair

pytestmark = pytest.mark.browser

# url(...) and @import in stylesheets and <style> blocks
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)


class _Loads(HTMLParser):
    """Every URL a page makes the browser fetch for fonts, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & {"stylesheet", "preconnect", "preload", "dns-prefetch", "modulepreload", "prefetch"}:
                self.urls.append(a["href"])
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(CSS_URL.findall(data))


def _external(url: str, base: str) -> bool:
    host = urlsplit(urljoin(base, url)).hostname
    return host is not None and host != urlsplit(base).hostname


def test_no_built_page_references_a_third_party_host(built_site: Path):
    base = "http://127.0.0.1/"
    offenders = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50, "the sample site should have been built"
    for html in pages:
        parser = _Loads()
        parser.feed(html.read_text(encoding="utf-8"))
        offenders += [f"{html.relative_to(built_site)}: {u}" for u in parser.urls if _external(u, base)]
    for css in built_site.rglob("*.css"):
        offenders += [f"{css.relative_to(built_site)}: {u}" for u in CSS_URL.findall(css.read_text(encoding="utf-8"))
                      if _external(u, base)]
    print(f"external font/script/style references in {len(pages)} built pages: {len(offenders)}")
    assert offenders == []


def test_pages_make_no_request_to_another_host(browser, static_site, manifest):
    en, zh = translated_pair(manifest)
    page = browser.new_page()
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url))
    try:
        for url in ("", en["url"], zh["url"], "tags/", "releases/"):
            page.goto(f"{static_site}/{url}", wait_until="networkidle")
    finally:
        page.close()
    external = sorted({u for u in seen if _external(u, static_site + "/")})
    print(f"requests from 5 pages: {len(seen)}, to another host: {len(external)}")
    assert seen and external == []


def test_chinese_page_has_chinese_chrome_and_typography(browser, static_site, manifest):
    _, zh = translated_pair(manifest)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{static_site}/{zh['url']}")
        assert page.evaluate("document.documentElement.lang") == "zh"
        # Material's own chrome in Chinese: the table of contents' label, "back to top".
        assert page.locator("nav.md-nav--secondary > label.md-nav__title").first.inner_text().strip() == "目录"
        assert "回到页面顶部" in page.locator(".md-top").first.inner_text()
        style = page.evaluate("""() => {
            const p = document.querySelector('.md-content .md-typeset p');
            const s = getComputedStyle(p);
            return {line: parseFloat(s.lineHeight), size: parseFloat(s.fontSize),
                    synthesis: s.fontSynthesis, family: s.fontFamily, breaking: s.lineBreak};
        }""")
        assert style["line"] / style["size"] >= 1.7, style
        assert style["synthesis"] == "none", style
        assert style["breaking"] == "strict", style
        assert style["family"].lstrip('"').startswith("PingFang SC"), style
    finally:
        page.close()


def test_html_lang_follows_instant_navigation(browser, served_on_site_port, manifest):
    en, zh = translated_pair(manifest)
    page = browser.new_page()
    try:
        page.goto(f"{served_on_site_port.url}/{en['url']}")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.evaluate("window.__kb_same_document = true")
        page.locator('a.kb-lang-switch[hreflang="zh"]').first.click()
        page.wait_for_url("**/" + zh["url"])
        # still the same document: Material's instant navigation, not a full load
        assert page.evaluate("window.__kb_same_document === true")
        page.wait_for_function("document.documentElement.lang === 'zh'", timeout=5000)
        page.locator('a.kb-lang-switch[hreflang="en"]').first.click()
        page.wait_for_url("**/" + en["url"])
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=5000)
        assert json.loads(page.locator('meta[name="kb-search"]').get_attribute("content"))["lang"] == "en"
    finally:
        page.close()
