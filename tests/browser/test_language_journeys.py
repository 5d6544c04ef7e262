"""A reader's journey in each language, at desktop (1280 px) and phone (390 px) width: the home page,
the navigation (the drawer on a phone), the language switch, search and a vote, all in the reader's
language. Each run saves a screenshot of the home page and of an article with the language switch
open; ``KB_SCREENSHOTS=1`` saves them into docs/screenshots/ (language-<lang>-<page>-<width>.png)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.site.i18n import STRINGS

from .conftest import translated_pair

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
QUERIES = {"en": "baseline", "zh": "甘特图"}
HOMES = {"en": "", "zh": "zh/"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_journey_in_each_language(browser, served_on_site_port, manifest, page_errors, tmp_path, lang, width):
    base, s = served_on_site_port.url, STRINGS[lang]
    other = "zh" if lang == "en" else "en"
    article = dict(zip(("en", "zh"), translated_pair(manifest)))
    shots = ROOT / "docs" / "screenshots" if os.environ.get("KB_SCREENSHOTS") else tmp_path
    context = browser.new_context(viewport=WIDTHS[width], device_scale_factor=1 if width == "desktop" else 2)
    page = page_errors.watch(context.new_page())
    try:
        page.goto(f"{base}/{HOMES[lang]}")
        # Material intercepts links for instant navigation only once it has read sitemap.xml; until
        # then (a busy machine) a click is an ordinary page load.
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == lang
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(shots / f"language-{lang}-home-{width}.png"))
        page.evaluate("window.__kb_same_document = true")

        # Navigation: the sidebar, or on a phone the drawer behind the header's menu button.
        if width == "phone":
            page.locator("label.md-header__button[for=__drawer]").click()
        nav = page.locator(".md-nav--primary")
        nav.locator("a.md-nav__link[href$='tags/']").first.click()
        page.wait_for_url(f"{base}/{HOMES[lang]}tags/")
        page.wait_for_function("t => document.querySelector('.md-content h1')?.textContent.startsWith(t)",
                               arg=s["all_tags"], timeout=10_000)
        assert page.evaluate("window.__kb_same_document === true"), "the navigation reloaded the page"

        # Search from the header, in this language.
        if width == "phone":
            page.locator("label.md-header__button[for=__search]").click()
        box = page.locator("#kb-hsearch-q")
        box.fill(QUERIES[lang])
        box.press("Enter")
        page.wait_for_url(f"{base}/{HOMES[lang]}search/?q=*")
        page.locator(".kb-search__list li").first.wait_for(timeout=15_000)
        assert page.evaluate("document.documentElement.lang") == lang

        # A vote on an article, answered in this language.
        page.goto(f"{base}/{article[lang]['url']}")
        form = page.locator(f'form[data-kb-feedback][data-kb-page-id="{article[lang]["id"]}"]')
        form.wait_for(state="visible", timeout=10_000)
        form.get_by_role("button", name=s["feedback_yes"], exact=True).click()
        page.wait_for_function("t => document.querySelector('form[data-kb-feedback] [data-kb-status]')"
                               "?.textContent.includes(t)", arg=s["feedback_thanks"], timeout=10_000)
        assert served_on_site_port.summary(article[lang]["id"])["helpful"] == 1

        # The language switch in the header leads to the translation.
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_function("!document.querySelector('.md-header__title--active')")  # the site name is back
        select = page.locator(".md-header .md-select")
        if width == "phone":
            select.locator("button").click()
        else:
            select.hover()
        page.wait_for_function("getComputedStyle(document.querySelector('.md-header .md-select__inner')).opacity === '1'")
        page.screenshot(path=str(shots / f"language-{lang}-article-{width}.png"))  # the switch open
        select.locator(f'.md-select__link[hreflang="{other}"]').click()
        page.wait_for_url(lambda url: url.split("#")[0] == f"{base}/{article[other]['url']}")  # (navigation.tracking adds a heading's anchor)
        page.wait_for_function("l => document.documentElement.lang === l", arg=other, timeout=5000)
        assert page.locator("#kb-hsearch-q").get_attribute("placeholder") == STRINGS[other]["search_placeholder"]
    finally:
        context.close()
    assert page_errors == []
