"""Source paths: resolving what a page names to a file of the content folder, and linking to it."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
MARKDOWN_EXT = (".md", ".markdown", ".mdx")


def resolve_source(path: str, known: set[str] | frozenset[str]) -> str | None:
    """A path as Jekyll/Hugo name it (from the site root) -> the known source path, or None.

    The content folder may be the site root or a folder below or above it, so a unique known path that
    ends with the named path counts as well.
    """
    p = path.strip().lstrip("/")
    p = p[2:] if p.startswith("./") else p
    if p in known:
        return p
    tail = "/" + p
    found = [k for k in known if k.endswith(tail)]
    return found[0] if len(found) == 1 else None


def relative_link(target: str, src_path: str) -> str:
    """A link from ``src_path`` to ``target`` (both relative to the content folder), as MkDocs wants."""
    rel = posixpath.relpath(target, posixpath.dirname(src_path) or ".")
    return quote(rel, safe="/#?&=.-_~%+")


def is_local(target: str) -> bool:
    """A relative link to a file (not a URL, not site-absolute, not an anchor on the same page)."""
    return bool(target) and not target.startswith(("/", "#", "\\")) and not _SCHEME.match(target) and "{{" not in target


def resolve_relative(target: str, src_path: str) -> str | None:
    """The content-folder path a relative link points to, or None when it leaves the folder."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_path), path))
    return None if joined.startswith("../") or joined == ".." else joined
