"""Relative links between source paths, so MkDocs (or any successor) resolves them itself."""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def rel(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A Markdown link target; percent-encoded, since a path may come from front matter (a tag
    nobody declared) and must not end the link or start markup. MkDocs decodes it again."""
    base = posixpath.dirname(from_src) or "."
    link = quote(posixpath.relpath(to_src, base), safe="/")
    return f"{link}#{anchor}" if anchor else link


def lang_prefix(lang: str, default_lang: str) -> str:
    """Generated listings for the non-default language live under '<lang>/'."""
    return "" if lang == default_lang else f"{lang}/"
