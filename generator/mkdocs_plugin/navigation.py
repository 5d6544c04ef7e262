"""Each language's navigation as MkDocs objects, from the trees the core builds (generator/site/languages.py).

A category-level navigation: it never lists individual articles, so every page stays small.
(Listing every article in the nav makes each page carry the whole list: output grows with the
square of the article count — see docs/performance.md.)
"""

from __future__ import annotations

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedPage
from ..site.languages import NavItem, nav_trees


def trees(content: ContentSet, settings: Settings, generated: list[GeneratedPage], files: Files) -> dict[str, list[NavItem]]:
    return nav_trees(content, settings, generated, lambda src: files.get_file_from_path(src) is not None)


def as_config(tree: list[NavItem]) -> list:
    """A tree in mkdocs.yml's `nav:` form (MkDocs builds its own navigation from the default language's)."""
    return [{item.label: as_config(item.children) if item.src is None else item.src} for item in tree]


def as_navigation(tree: list[NavItem], files: Files) -> Navigation:
    """MkDocs' Navigation for one language. Pages of that language are the pages themselves (so the
    current one is marked active), titled with the tree's label in every language alike (the tags
    index is "Tags"/"标签" in the navigation, "All tags"/"全部标签" as its heading); a section of
    another language is a link under this tree's label."""
    pages: list[Page] = []

    def convert(items: list[NavItem], parent: Section | None) -> list:
        out = []
        for item in items:
            if item.src is None:
                node = Section(item.label, [])
                node.children = convert(item.children, node)
            else:
                file = files.get_file_from_path(item.src)
                if item.lang is None and file.page is not None:
                    node = file.page
                    node.title = item.label  # as MkDocs titles the pages of `nav:` (the default language's tree)
                    pages.append(node)
                else:
                    node = Link(item.label, file.url or "./")
            node.parent = parent
            out.append(node)
        return out

    items = convert(tree, None)
    nav = Navigation(items, pages)
    if pages and tree[0].src == pages[0].file.src_uri:  # the language's home: where the logo leads
        nav.homepage = pages[0]
    return nav
