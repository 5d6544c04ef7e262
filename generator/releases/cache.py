"""Derived data computed once per content set, not once per page.

Block providers run for every page; recomputing every release's entries (or every incident's
timeline) each time would make a build quadratic. The cache lives on the ContentSet object and is
dropped when its page list changes (a rebuild in ``kb preview`` loads a fresh set anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..content.model import ContentSet

T = TypeVar("T")


def per_content(content: ContentSet, key: str, compute: Callable[[], T]) -> T:
    # Cheap enough to check on every page (a tuple of every page's id made this quadratic): pages
    # are only ever added or the list replaced, never swapped in place.
    pages = content.pages
    fingerprint = (id(pages), len(pages), id(pages[0]) if pages else 0, id(pages[-1]) if pages else 0)
    store = content.__dict__.setdefault("_derived_cache", {})
    hit = store.get(key)
    if hit is not None and hit[0] == fingerprint:
        cached: T = hit[1]
        return cached
    value = compute()
    store[key] = (fingerprint, value)
    return value
