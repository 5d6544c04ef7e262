"""How sure a result is: the share of the query's information a page matches.

BM25 scores are not comparable between queries (a long query scores higher), so the confidence is
built from idf-weighted shares of the query's slots (words, with their synonyms): the share the page
matches anywhere, and the share it matches in its title, tags or headings (what the page is
*about*), averaged. A query's words that no page holds at all count too (they are what the reader
asked and nothing answers).

``GOOD`` separates good answers from weak matches. It was calibrated on the tuning half of the
labelled queries plus bench/queries/unanswerable.jsonl (bench/search_tune.py): the cut-off that best
predicts whether the first result is right (figures in docs/search.md).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from .handle import IndexHandle
    from .scoring import Slot, SlotSpec

GOOD = 0.25
STRONG_FIELDS = ("title", "tags", "headings")
_CACHED_SLOTS = 2048


def slot_weights(per_slot: Sequence[Slot], n_docs: int) -> list[float]:
    """idf of each slot from the number of pages it matches (an unmatched word weighs most)."""
    out = []
    for slot in per_slot:
        df = slot.mask.bit_count()
        out.append(math.log(1 + (n_docs - df + 0.5) / (df + 0.5)))
    return out


def coverage(per_slot: Sequence[Slot], weights: list[float], docnum: int) -> float:
    total = sum(weights)
    if not total:
        return 0.0
    # (the slot's own dict, not its mask: a shift of a page-count-bit int makes one per slot)
    hit = sum(w for slot, w in zip(per_slot, weights) if docnum in slot.scores)
    return hit / total


def strong_sets(handle: IndexHandle, slots: list[SlotSpec]) -> list[frozenset[int]]:
    """Per slot, the pages holding it (any of its phrases, every term) in a title, tag or heading."""
    strong = _strong_finder(handle)
    return [strong(typed, tuple(alts)) for typed, alts in slots]


def _strong(handle: IndexHandle, typed: tuple[str, ...], alts: tuple[tuple[str, ...], ...]) -> frozenset[int]:
    pages: set[int] = set()
    for phrase in (typed, *alts):
        docs: set[int] | None = None
        for t in phrase:
            hit: set[int] = set().union(*(handle.postings(f, t) for f in STRONG_FIELDS))
            docs = hit if docs is None else docs & hit
        pages |= docs or set()
    return frozenset(pages)


def _strong_finder(handle: IndexHandle) -> Callable[[tuple[str, ...], tuple[tuple[str, ...], ...]], frozenset[int]]:
    """``_strong`` for this index, memoised per slot (LRU) as the scorer's slots are: queries
    repeat words, and the unions of three fields' postings cost more than the rest of the verdict."""
    cached = handle.__dict__.get("_strong_finder")
    if cached is None:
        cached = handle.__dict__["_strong_finder"] = functools.lru_cache(maxsize=_CACHED_SLOTS)(functools.partial(_strong, handle))
    return cast(Callable[[tuple[str, ...], tuple[tuple[str, ...], ...]], frozenset[int]], cached)


def about(strong: list[frozenset[int]], weights: list[float], docnum: int) -> float:
    """The idf-weighted share of slots the page holds in a title, tag or heading."""
    total = sum(weights)
    return sum(w for pages, w in zip(strong, weights) if docnum in pages) / total if total else 0.0


def score(per_slot: Sequence[Slot], strong: list[frozenset[int]], weights: list[float], docnum: int) -> float:
    return (coverage(per_slot, weights, docnum) + about(strong, weights, docnum)) / 2


def scorer(per_slot: Sequence[Slot], strong: list[frozenset[int]], weights: list[float]) -> Callable[[int], float]:
    """``score`` for one query's results, the same floats: what is the query's (the weights'
    total, each slot's pages) is looked up once, not once per result."""
    total = sum(weights)
    if not total:
        return lambda docnum: 0.0
    matched = [(slot.scores, w) for slot, w in zip(per_slot, weights)]
    held = list(zip(strong, weights))

    def one(docnum: int) -> float:
        return (sum(w for pages, w in matched if docnum in pages) / total + sum(w for pages, w in held if docnum in pages) / total) / 2

    return one


def verdict(results: list[dict[str, Any]]) -> str:
    """The whole answer: "good" when the first result is a good match, "weak" when there are only
    weak matches, "none" when nothing matched."""
    if not results:
        return "none"
    return "good" if results[0]["match"] == "good" else "weak"
