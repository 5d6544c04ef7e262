"""The static index after an edit: the last build's index patched with the pages that changed.

Each page's entry is kept in the build cache (pages.py), but reading 5,000 of them back, counting
their postings again and writing every document's file was most of the index's work after a
one-page edit. So a build keeps what the files were written from (``bundle.Indexed``) and the key
of the entry each document was made from; the next build, when every page is where it was (the
same languages and URLs, so the same document numbers), replaces only the documents whose entries
changed. Pages added, removed or renamed, or a kept index that does not match: the index is made
from every page, as without a cache. The files are the same bytes either way
(tests/generator/test_static_index.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bundle import Document, Indexed, StaleIndex, doc_file, write_indexed

if TYPE_CHECKING:
    from ..build.cache import BuildCache

STATE = "static search index of the last build"


@dataclass
class Source:
    """A page the index holds: the key of its entry, its place, and its entry (made or read when asked)."""

    key: str
    lang: str
    url: str
    document: Callable[[], Document]


def write_index_reusing(site_dir: Path, sources: list[Source], cache: BuildCache) -> dict[str, Any]:
    """``bundle.write_index`` of the sources' documents, patching the last build's index when it can."""
    order = sorted(sources, key=lambda s: (s.lang, s.url))
    keys = [s.key for s in order]
    places = [[s.lang, s.url] for s in order]
    patched = _patched(order, places, cache.get(STATE), cache)
    if patched is None:
        ix, files = Indexed.of([s.document() for s in order])
        file_of: Callable[[int], bytes] = files.__getitem__
    else:
        ix, changed = patched
        cache.keep(keys)  # the entries of pages left as they were, not read: still there for the next build

        def file_of(i: int) -> bytes:
            return changed[i] if i in changed else doc_file(order[i].document())

    result = write_indexed(site_dir, ix, file_of)
    cache.put(STATE, {"keys": keys, "places": places, "index": vars(ix)})  # (asdict would copy every posting)
    return {**result, "patched": patched is not None}


def _patched(order: list[Source], places: list[list[str]], state: Any, cache: BuildCache) -> tuple[Indexed, dict[int, bytes]] | None:
    """The kept index with the changed documents replaced (and their files), or None."""
    if not isinstance(state, dict) or state.get("places") != places or len(state.get("keys") or ()) != len(order):
        return None
    try:
        ix = Indexed(**state["index"])
    except (KeyError, TypeError):
        return None
    if not len(ix.langs) == len(ix.lengths) == len(ix.fields) == len(ix.digests) == len(ix.sizes) == len(order):
        return None
    files = {}
    for i, (source, before) in enumerate(zip(order, state["keys"])):
        if source.key == before:
            continue
        old = cache.get(before)
        if not isinstance(old, dict):
            return None
        try:
            files[i] = ix.replace(i, Document(**old), source.document())
        except (StaleIndex, TypeError):
            return None
    return ix, files
