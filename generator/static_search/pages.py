"""What a help-center page contributes to the static index: its text, title, language and filters."""

from __future__ import annotations

from ..content.model import ContentSet, Page
from ..settings import Settings
from ..site.context import is_home
from .bundle import Document, document


def page_url(path: str) -> str:
    """The URL the site links a page by, relative to the site root, from its HTML file's path."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def page_document(page: Page, content: ContentSet, settings: Settings, path: str, title: str, html: str) -> Document | None:
    """The page's entry in the static index, or None for a page the static search leaves out (a home page)."""
    if is_home(page, settings):
        return None
    return document(page_url(path), page.lang, title, html, {"id": page.id, "type": page.type, "category": page.category or ""})
