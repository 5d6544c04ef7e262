"""Each language is a site of its own: chrome, navigation and a language switch in the page's language.

A Chinese reader must not meet English navigation, breadcrumbs, footer or widget labels around a
Chinese article (and an English reader no Chinese ones); content is the author's business and is
left out. Every built page of the sample help center is crawled in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site.i18n import STRINGS

from .conftest import translated_pair

pytestmark = pytest.mark.browser

# Names that stay as they are in every language: the product, the theme, the repository, and each
# language's own name in the language switch.
BRANDS = {"Tasklane Help Center", "Material for MkDocs", "tasklane/help-center", "English", "中文"}
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

# Every text node and label attribute of the chrome: header (without the page title, which is
# content), navigation (without the table of contents' entries, the article's own headings),
# footer, breadcrumbs, contribution links and the feedback widget (hidden steps included).
CHROME_TEXT = r"""() => {
  const chrome = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-top, .kb-breadcrumbs, .kb-contribute, .kb-feedback";
  const skip = "[data-md-component=header-topic], .md-nav--secondary .md-nav__list, script, style, svg";
  const out = [];
  for (const root of document.querySelectorAll(chrome)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      const el = node.nodeType === 1 ? node : node.parentElement;
      if (el.closest(skip)) continue;
      if (node.nodeType === 3) out.push(node.textContent.trim());
      else for (const attr of ["placeholder", "aria-label", "title"])
        if (node.hasAttribute(attr)) out.push(node.getAttribute(attr).trim());
    }
  }
  return out.filter(Boolean);
}"""


# The generated listings (release notes, runbooks, incident reviews) are UI too: their headings,
# sentences, table heads, filters and dates. Left out: links and table cells (titles and names from
# the content), code, and text marked as another language's (lang) or as a name (translate="no").
LISTINGS = re.compile(r"^(zh/)?(releases/(latest/|changes/)?|runbooks/(alerts/|services/[^/]+/)?|incidents/(action-items/)?)$")
LISTING_TEXT = r"""(lang) => {
  const skip = "a, code, td, script, style, svg, .headerlink, [translate=no]";
  const root = document.querySelector(".md-content article");
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest(skip) || el.closest("[lang]").lang !== lang) continue;
    out.push(node.textContent.trim());
  }
  return out.filter(Boolean);
}"""


def _foreign(text: str, lang: str) -> bool:
    """A string a reader of ``lang`` would call another language's."""
    if text in BRANDS:
        return False
    if lang == "zh":
        return bool(LATIN.search(text)) and not HAN.search(text)
    return bool(HAN.search(text))


def _pages(site: Path) -> list[str]:
    pages = sorted(str(p.relative_to(site).parent).removeprefix(".") + "/"
                   for p in site.rglob("index.html") if not p.is_relative_to(site / "assets"))
    not_found = [site / "404.html", *sorted(site.glob("*/404.html"))]  # each language's 404 page
    return pages + [p.relative_to(site).as_posix() for p in not_found if p.exists()]


def test_chrome_is_in_the_page_language_on_every_page(browser, built_site, static_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # nothing external
    offenders: dict[str, list[str]] = {}
    counts = {"en": 0, "zh": 0}
    listings = 0
    try:
        for path in _pages(built_site):
            page.goto(f"{static_site}/{path.lstrip('/')}", wait_until="domcontentloaded")
            lang = page.evaluate("document.documentElement.lang")
            if lang not in counts:
                continue
            counts[lang] += 1
            texts = page.evaluate(CHROME_TEXT)
            if LISTINGS.match(path.lstrip("/")):
                listings += 1
                texts += page.evaluate(LISTING_TEXT, lang)
            bad = sorted({t for t in texts if _foreign(t, lang)})
            if bad:
                offenders[f"{lang} {path}"] = bad
    finally:
        page.close()
    english_on_chinese = sum(len(v) for k, v in offenders.items() if k.startswith("zh "))
    print(f"pages crawled: {counts} (listings read whole: {listings}); English UI strings on Chinese pages: {english_on_chinese}; "
          f"Chinese UI strings on English pages: {sum(len(v) for k, v in offenders.items() if k.startswith('en '))}")
    assert counts["en"] > 20 and counts["zh"] > 20, counts
    assert listings >= 2 * 5, listings  # each language's release and incident indexes (runbooks are internal)
    assert offenders == {}, sorted({f"{k[:2]}: {t}" for k, v in offenders.items() for t in v})


def _untranslated(manifest: dict) -> dict:
    translated = {p.get("translation_of") for p in manifest["pages"]}
    for page in manifest["pages"]:
        if page["lang"] == "en" and page["type"] == "article" and page["id"] not in translated \
                and not page.get("translation_of"):
            return page
    raise AssertionError("the sample kb has no English article without a translation")


def _switch_target(page, base: str, lang: str) -> str:
    link = page.locator(f'.md-header .md-select__link[hreflang="{lang}"]')
    assert link.count() == 1, f"one switch to {lang} in the header"
    return page.evaluate("a => a.href", link.element_handle()).removeprefix(base)


def test_language_switch_leads_to_the_translation_or_the_other_home(browser, static_site, manifest):
    en, zh = translated_pair(manifest)
    lonely = _untranslated(manifest)
    page = browser.new_page()
    try:
        page.goto(f"{static_site}/{en['url']}")
        assert _switch_target(page, static_site + "/", "zh") == zh["url"]
        page.goto(f"{static_site}/{zh['url']}")
        assert _switch_target(page, static_site + "/", "en") == en["url"]
        page.goto(f"{static_site}/{lonely['url']}")
        assert _switch_target(page, static_site + "/", "zh") == "zh/"
        page.locator(".md-header .md-select").hover()  # Material opens the language list on hover
        page.locator(".md-header .md-select__link[hreflang=zh]").click()
        page.wait_for_url(f"{static_site}/zh/")
        assert page.locator("h1").first.inner_text().strip() == "首页"
    finally:
        page.close()


def _nav_keys(page, lang: str) -> list[str]:
    """The top of the page's navigation as catalogue keys (a label the catalogue lacks stays as it is)."""
    labels = page.evaluate("""() => [...document.querySelectorAll(".md-nav--primary > .md-nav__list > .md-nav__item")]
        .map(item => item.querySelector(".md-nav__link").textContent.trim())""")
    keys = {text: key for key, text in STRINGS[lang].items() if isinstance(text, str)}
    return [keys.get(label, label) for label in labels]


def test_both_languages_navigations_say_the_same_thing(browser, static_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{static_site}/")
        english = _nav_keys(page, "en")
        page.goto(f"{static_site}/zh/")
        chinese = _nav_keys(page, "zh")
    finally:
        page.close()
    assert english[:3] == ["home", "all_categories", "tags"], english
    assert chinese == english  # "标签" where the English says "Tags", not "全部标签" ("All tags")


@pytest.mark.parametrize(("path", "lang", "other", "home"), [("404.html", "en", "zh", "zh/"), ("zh/404.html", "zh", "en", "")])
def test_each_404_page_has_the_language_switch_to_the_other_home(browser, static_site, path, lang, other, home):
    page = browser.new_page()
    try:
        page.goto(f"{static_site}/{path}")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator(f'.md-header .md-select__link[hreflang="{lang}"][aria-current=page]').count() == 1
        assert _switch_target(page, static_site + "/", other) == home
        page.locator(".md-header .md-select").hover()  # Material opens the language list on hover
        page.locator(f".md-header .md-select__link[hreflang={other}]").click()
        page.wait_for_url(f"{static_site}/{home}")
        assert page.evaluate("document.documentElement.lang") == other
    finally:
        page.close()
