"""The language model of the site: each language's navigation tree, and where a page's language switch leads.

Each language present in the content is a site of its own: its own navigation, in its own words,
linking its own home, category and tag pages. Sections that exist in one language only (release
notes, runbooks, incident reviews) appear in every tree under that tree's label. The MkDocs
adapter (generator/mkdocs_plugin/navigation.py) turns these trees into MkDocs objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..content.model import ContentSet, Page
from ..settings import Settings
from . import GeneratedPage
from .home import home_src
from .i18n import t
from .listings import category_src, languages_present, tag_src, tags_index_src

# Section index pages (one language only) -> their label in the catalogue (generator/site/i18n.py).
SECTION_LABELS = {"releases/index.md": "release_notes", "runbooks/index.md": "runbooks", "incidents/index.md": "incidents"}


@dataclass
class NavItem:
    label: str
    src: str | None = None  # a page; None for a section holding ``children``
    children: list[NavItem] = field(default_factory=list)
    lang: str | None = None  # the page's language, when it is not the tree's


def nav_tree(content: ContentSet, settings: Settings, generated: list[GeneratedPage], lang: str,
             exists: Callable[[str], bool]) -> list[NavItem]:
    """The navigation of ``lang``: home, categories, tags, then the site's sections."""
    nav: list[NavItem] = []
    home = home_src(lang, settings)
    if lang == settings.default_lang and not exists(home) and exists("README.md"):
        home = "README.md"
    if exists(home):
        nav.append(NavItem(t(lang, "home"), home))
    cats = sorted(content.taxonomy.categories.values(), key=lambda c: (c.order, c.key))
    cat_items = [NavItem(c.title_in(lang), category_src(c.key, lang, settings))
                 for c in cats if exists(category_src(c.key, lang, settings))]
    if cat_items:
        nav.append(NavItem(t(lang, "all_categories"), children=cat_items))
    if exists(tags_index_src(lang, settings)):
        nav.append(NavItem(t(lang, "tags"), tags_index_src(lang, settings)))
    sections = [g for g in generated if g.in_nav and exists(g.src_uri)]
    own = {g.nav_order for g in sections if g.lang == lang}  # a section in this language replaces another's
    for gp in sorted((g for g in sections if g.lang == lang or g.nav_order not in own), key=lambda g: g.nav_order):
        key = SECTION_LABELS.get(gp.src_uri)
        nav.append(NavItem(t(lang, key) if key else gp.title, gp.src_uri, lang=None if gp.lang == lang else gp.lang))
    return nav


def nav_trees(content: ContentSet, settings: Settings, generated: list[GeneratedPage],
              exists: Callable[[str], bool]) -> dict[str, list[NavItem]]:
    return {lang: nav_tree(content, settings, generated, lang, exists) for lang in languages_present(content, settings)}


def alternates(lang: str, page: Page | None, meta: dict[str, Any], content: ContentSet, settings: Settings,
               exists: Callable[[str], bool], langs: list[str] | None = None) -> list[tuple[str, str, bool]]:
    """(language, source path, is this page) in every language present: the translation when there
    is one (for listings, the same listing in that language), that language's home otherwise.
    ``langs``: ``languages_present`` when the caller asks for every page (a walk over all pages each)."""
    langs = languages_present(content, settings) if langs is None else langs
    if len(langs) < 2:
        return []
    translated = {p.lang: p.src_path for p in content.translations(page)} if page is not None else {}
    if page is not None and page.src_path == home_src(lang, settings):  # a home written in kb/: still the home
        meta = {**meta, "kb_listing": "home"}
    out = []
    for other in langs:
        src: str | None
        if page is not None and other == lang:
            src = page.src_path
        else:
            src = translated.get(other) or _listing_in(other, meta, settings)
        if src and exists(src):
            out.append((other, src, True))
        else:
            out.append((other, home_src(other, settings), False))
    return out


def _listing_in(lang: str, meta: dict[str, Any], settings: Settings) -> str | None:
    translations: dict[str, str] | None = meta.get("kb_translations")
    if translations:  # section indexes (release notes, runbooks, incidents) name theirs
        return translations.get(lang)
    kind = meta.get("kb_listing")
    if kind == "category":
        return category_src(meta["kb_category"], lang, settings)
    if kind == "tag":
        return tag_src(meta["kb_tag"], lang, settings)
    if kind == "tags":
        return tags_index_src(lang, settings)
    if kind == "home":
        return home_src(lang, settings)
    return None
