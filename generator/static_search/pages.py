"""What a help-center page contributes to the static index: its text, title, language and filters."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..content.model import Page
from ..settings import Settings
from ..site.context import is_home
from .bundle import FORMAT, Document, document
from .reuse import Source

if TYPE_CHECKING:
    from ..build.cache import BuildCache


def page_url(path: str) -> str:
    """The URL the site links a page by, relative to the site root, from its HTML file's path."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def page_document(page: Page, settings: Settings, path: str, title: str, html: str) -> Document | None:
    """The page's entry in the static index, or None for a page the static search leaves out (a home page)."""
    return None if is_home(page, settings) else document(page_url(path), page.lang, title, html, _fields(page))


def page_source(page: Page, settings: Settings, path: str, title: str, html: str,
                cache: BuildCache, html_key: str | None = None) -> Source | None:
    """The page as a source of the static index (reuse.py), its entry kept in the build ``cache`` by
    everything it is made from; None for a page the static search leaves out. ``html_key``: a key
    that names ``html`` (the build cache's key of the conversion that made it), which the entry's
    key holds instead of the HTML itself (hashing 5,000 pages' HTML again cost more than reading
    their entries)."""
    if is_home(page, settings):
        return None
    from ..build.cache import digest

    args = (page_url(path), page.lang, title, html, _fields(page))
    key = digest("static-doc", FORMAT, *args[:3], ["converted", html_key] if html_key else html, args[4])

    def entry() -> Document:
        hit = cache.get(key)
        if hit is not None:
            return Document(**hit)
        doc = document(*args)
        cache.put(key, dataclasses.asdict(doc))
        return doc

    return Source(key, page.lang, args[0], entry)


def _fields(page: Page) -> dict[str, str]:
    return {"id": page.id, "type": page.type, "category": page.category or ""}
