"""A category-level navigation: it never lists individual articles, so every page stays small.

(Listing every article in the nav makes each page carry the whole list: output grows with the
square of the article count — see docs/performance.md.)
"""

from __future__ import annotations

from mkdocs.structure.files import Files

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedPage
from ..site.i18n import t
from ..site.listings import category_src, languages_present, tags_index_src


def build_nav(content: ContentSet, settings: Settings, generated: list[GeneratedPage], files: Files) -> list:
    lang = settings.default_lang
    exists = lambda src: files.get_file_from_path(src) is not None  # noqa: E731
    nav: list = []
    home = "index.md" if exists("index.md") else ("README.md" if exists("README.md") else None)
    if home:
        nav.append({t(lang, "home"): home})
    cats = sorted(content.taxonomy.categories.values(), key=lambda c: (c.order, c.key))
    cat_items = [{c.title_in(lang): category_src(c.key, lang, settings)} for c in cats if exists(category_src(c.key, lang, settings))]
    if cat_items:
        nav.append({t(lang, "all_categories"): cat_items})
    if exists(tags_index_src(lang, settings)):
        nav.append({t(lang, "tags"): tags_index_src(lang, settings)})
    for gp in sorted((g for g in generated if g.in_nav), key=lambda g: g.nav_order):
        if exists(gp.src_uri):
            nav.append({gp.title: gp.src_uri})
    for other in languages_present(content, settings):
        if other != lang and exists(f"{other}/index.md"):
            nav.append({t(other, "home") + f" ({other})": f"{other}/index.md"})
    return nav
