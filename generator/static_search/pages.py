"""What a help-center page contributes to the static index (ours, ``bundle.py``, or Pagefind's): its
filters and metadata (for Pagefind the same the theme puts inside ``data-pagefind-body``,
``theme/partials/kb-pagefind.html``)."""

from __future__ import annotations

from ..content.model import ContentSet, Page
from ..settings import Settings
from ..site.context import is_home
from .bundle import Document, document
from .pagefind import IndexedPage


def indexed_page(page: Page, content: ContentSet, settings: Settings, path: str, title: str, html: str) -> IndexedPage | None:
    """The page for Pagefind, or None for a page the static search leaves out (a home page)."""
    if is_home(page, settings):
        return None
    cat = content.taxonomy.categories.get(page.category or "")
    return IndexedPage(
        path=path,
        lang=page.lang,
        title=title,
        content=html,
        # No "lang" filter: Pagefind keeps one index per language, and every filter is a chunk the
        # results page downloads for its facet counts.
        filters={"type": page.type, "category": page.category or ""},
        meta={"id": page.id, "type": page.type, "category_title": cat.title_in(page.lang) if cat else ""},
    )


def index_document(rec: IndexedPage) -> Document:
    """The page in our static index: its URL relative to the site root, as the site links it."""
    url = rec.path[: -len("index.html")] if rec.path.endswith("index.html") else rec.path
    fields = {"id": rec.meta.get("id", ""), "type": rec.filters.get("type", ""), "category": rec.filters.get("category", "")}
    return document(url, rec.lang, rec.title, rec.content, fields)
