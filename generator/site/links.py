"""Relative links between source paths, so MkDocs (or any successor) resolves them itself."""

from __future__ import annotations

import posixpath


def rel(from_src: str, to_src: str, anchor: str | None = None) -> str:
    base = posixpath.dirname(from_src) or "."
    link = posixpath.relpath(to_src, base)
    return f"{link}#{anchor}" if anchor else link


def lang_prefix(lang: str, default_lang: str) -> str:
    """Generated listings for the non-default language live under '<lang>/'."""
    return "" if lang == default_lang else f"{lang}/"


def md_escape(text: str) -> str:
    """Text placed inside Markdown link labels and table cells."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")
