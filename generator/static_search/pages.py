"""What a help-center page contributes to the static index: its text, title, language and filters."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..content.model import ContentSet, Page
from ..settings import Settings
from ..site.context import is_home
from .bundle import FORMAT, Document, document

if TYPE_CHECKING:
    from ..build.cache import BuildCache


def page_url(path: str) -> str:
    """The URL the site links a page by, relative to the site root, from its HTML file's path."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def page_document(page: Page, content: ContentSet, settings: Settings, path: str, title: str, html: str,
                  cache: BuildCache | None = None, html_key: str | None = None) -> Document | None:
    """The page's entry in the static index, or None for a page the static search leaves out (a home page).
    ``cache``: the build cache, which keeps each entry by everything it is made from; ``html_key``: a
    key that names ``html`` (the build cache's key of the conversion that made it), which the entry's
    key holds instead of the HTML itself (hashing 5,000 pages' HTML again cost more than reading
    their entries)."""
    if is_home(page, settings):
        return None
    args = (page_url(path), page.lang, title, html, {"id": page.id, "type": page.type, "category": page.category or ""})
    if cache is None:
        return document(*args)
    from ..build.cache import digest

    key = digest("static-doc", FORMAT, *args[:3], ["converted", html_key] if html_key else html, args[4])
    hit = cache.get(key)
    if hit is not None:
        return Document(**hit)
    doc = document(*args)
    cache.put(key, dataclasses.asdict(doc))
    return doc
