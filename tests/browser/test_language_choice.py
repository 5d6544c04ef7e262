"""A page's translations in its <head> for search engines, without Material's JavaScript taking them
for other sites; and the reader's language choice, remembered without trapping anyone on a page."""

from __future__ import annotations

import pytest

from .conftest import translated_pair

pytestmark = pytest.mark.browser


def _switch_to(page, lang: str) -> None:
    page.locator(".md-header .md-select").hover()  # Material opens the language list on hover
    page.locator(f'.md-header .md-select__link[hreflang="{lang}"]').click()


def test_head_hreflang_leaves_instant_navigation_switch_and_search_working(browser, served_on_site_port, manifest,
                                                                            page_errors):
    base = served_on_site_port.url
    en, zh = translated_pair(manifest)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = page_errors.watch(context.new_page())
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(f"{base}/{en['url']}")
        # Material intercepts links for instant navigation only once it has read sitemap.xml; until
        # then (a busy machine) a click is an ordinary page load.
        page.wait_for_load_state("networkidle")
        head = page.locator("head link[rel=alternate][hreflang]")
        assert {link.get_attribute("hreflang"): link.get_attribute("href") for link in head.all()} == {
            "en": f"{base}/{en['url']}", "zh": f"{base}/{zh['url']}", "x-default": f"{base}/{en['url']}"}

        # The header's switch: Material's instant navigation (same document), not a reload.
        page.evaluate("window.__kb_same_document = true")
        _switch_to(page, "zh")
        page.wait_for_url(f"{base}/{zh['url']}")
        page.wait_for_function("document.documentElement.lang === 'zh'", timeout=5000)
        assert page.evaluate("window.__kb_same_document === true"), "the switch reloaded the page"
        # The head now names this page's translations, still for search engines only.
        page.wait_for_function("document.querySelector('head link[hreflang=\"zh\"]')?.href === location.href")

        # On to an ordinary link, and back through the switch: still instant.
        page.locator(".md-nav--primary a.md-nav__link", has_text="首页").first.click()
        page.wait_for_url(f"{base}/zh/")
        _switch_to(page, "en")
        page.wait_for_url(f"{base}/")
        assert page.evaluate("window.__kb_same_document === true"), "a link under a translation reloaded the page"

        # Search from the header, in the page's language.
        _switch_to(page, "zh")
        page.wait_for_url(f"{base}/zh/")
        page.locator("#kb-hsearch-q").click()
        page.locator("#kb-hsearch-q").fill("甘特图")
        page.locator("#kb-hsearch-q").press("Enter")
        page.wait_for_url(f"{base}/zh/search/?q=*")
        page.locator(".kb-search__list li").first.wait_for(timeout=15_000)
    finally:
        context.close()
    # Material never asked for a sitemap under a page (it would, for a <link rel=alternate> it saw).
    assert {u for u in requested if u.endswith("sitemap.xml")} <= {f"{base}/sitemap.xml"}, requested
    assert page_errors == []


def test_the_chosen_language_is_remembered(browser, served_on_site_port, manifest, page_errors):
    base = served_on_site_port.url
    en, zh = translated_pair(manifest)
    context = browser.new_context()  # one reader: localStorage shared by tabs, sessionStorage per tab
    try:
        tab = context.new_page()
        tab.goto(f"{base}/")
        assert tab.url == f"{base}/", "nothing chosen yet: the default language's home stays"
        _switch_to(tab, "zh")
        tab.wait_for_url(f"{base}/zh/")

        # A later visit (a new tab) to the English home goes to the Chinese home ...
        later = context.new_page()
        later.goto(f"{base}/")
        later.wait_for_url(f"{base}/zh/")
        # ... once: the reader who then asks for the English home in that tab gets it.
        later.goto(f"{base}/")
        later.wait_for_load_state("load")
        assert later.url == f"{base}/"

        # A link to any other page is followed, in any language, and so is a link from the site itself.
        article = context.new_page()
        article.goto(f"{base}/{en['url']}")
        article.wait_for_load_state("load")
        assert article.url == f"{base}/{en['url']}"
        inside = context.new_page()
        inside.goto(f"{base}/", referer=f"{base}/{zh['url']}")
        inside.wait_for_load_state("load")
        assert inside.url == f"{base}/"

        # Choosing English again: the English home stays, and the Chinese home never redirects.
        _switch_to(later, "zh")
        later.wait_for_url(f"{base}/zh/")
        _switch_to(later, "en")
        later.wait_for_url(f"{base}/")
        for url in (f"{base}/", f"{base}/zh/"):
            fresh = context.new_page()
            fresh.goto(url)
            fresh.wait_for_load_state("load")
            assert fresh.url == url
    finally:
        context.close()

    # What the reader's storage holds is theirs to change: only a language of the site is honoured.
    for stored in ('zh"] , a[href', "fr", "javascript:alert(1)"):
        context = browser.new_context()
        context.add_init_script(f"localStorage.setItem('kb-lang', {stored!r})")
        try:
            tab = page_errors.watch(context.new_page())
            tab.goto(f"{base}/")
            tab.wait_for_load_state("load")
            assert tab.url == f"{base}/", stored
        finally:
            context.close()
    assert page_errors == []
