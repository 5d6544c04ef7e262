"""Relative links between source paths, so MkDocs (or any successor) resolves them itself."""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def rel(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A Markdown link target; percent-encoded, since a path may come from front matter (a tag
    nobody declared) and must not end the link or start markup. MkDocs decodes it again."""
    base = posixpath.dirname(from_src) or "."
    link = quote(relpath(to_src, base), safe="/")
    return f"{link}#{anchor}" if anchor else link


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two paths inside the site, without the ``os.getcwd()`` it makes
    absolute paths with on every call (listings link every page they list: a quarter of the listings'
    time at 5,000 pages, by py-spy). A path that climbs out (``..``) or is absolute goes to the library."""
    to = [c for c in posixpath.normpath(path).split("/") if c != "."]
    base = [c for c in posixpath.normpath(start).split("/") if c != "."]
    if not path or ".." in to or ".." in base or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    common = 0
    while common < len(to) and common < len(base) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def lang_prefix(lang: str, default_lang: str) -> str:
    """Generated listings for the non-default language live under '<lang>/'."""
    return "" if lang == default_lang else f"{lang}/"
