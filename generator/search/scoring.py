"""BM25F over the index's postings (``store.Index``), evaluated in plain dicts.

whoosh's own matchers score one posting per several Python calls; on a 5,000-page help center a
common word has thousands of postings and queries took 50-300 ms. Here each (field, term) posting
list is read from the index once, turned into ``{docnum: score}`` and cached, so a query is a
handful of dict merges: a few milliseconds even for the most common words.

Each query slot (a word with its synonyms) is cached too, with a bit mask of its pages, its pages
in score order (a one-word query's top) and its scores laid out by docnum in a numpy array, so a
query's matches are an OR of masks, and a query of several words scores every page at once with a
few array operations (``Scorer.run``, ``vectors``).
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from itertools import compress, islice, repeat
from operator import add, ge, itemgetter, mul, truediv, truth
from typing import TYPE_CHECKING

from .schema import BOOSTS, TEXT_FIELDS

if TYPE_CHECKING:
    import numpy as np

    from .store import Index

K1 = 1.2
B = 0.75
_CACHED_TERMS = 20_000
_CACHED_SLOTS = 2_048
SYNONYM_WEIGHT = 0.8
# In a query mixing Chinese and Latin words ("把访问日志发送到 kafka"), the Latin words usually name the
# product or plugin the page is titled after: their title matches count this much (fitted on the
# tuning half, docs/search.md). Searcher passes it as ``title``; 1.0 everywhere else.
MIXED_LATIN_TITLE = 2.0
FEW = 64  # matches per slot up to which a query's pages are scored one by one, not as arrays
# A query slot as ``query.Plan`` holds it: (the typed terms, their synonym alternatives).
SlotSpec = tuple[tuple[str, ...], list[tuple[str, ...]]]
_SCORE = itemgetter(0)
_DOC = itemgetter(1)


_TO_DIGIT = bytes.maketrans(b"\x00\x01", b"01")
_TO_FLAG = bytes.maketrans(b"01", b"\x00\x01")


def mask_of(docs: Iterable[int], size: int) -> int:
    """An int whose bit d is set for each docnum d in ``docs``, built by C-level calls (a flag
    byte per page, read as a binary number), not a Python loop. OR / AND / bit_count() on these
    run in C: microseconds for thousands of pages."""
    if not size:
        return 0
    flags = bytearray(size)
    deque(map(flags.__setitem__, docs, repeat(1)), maxlen=0)
    flags.reverse()  # bit 0 (docnum 0) is the last binary digit
    return int(flags.translate(_TO_DIGIT), 2)


def docs_of(mask: int, size: int) -> list[int]:
    """The docnums in a ``mask_of`` mask, ascending."""
    if mask.bit_count() * 8 < size:
        # Few pages (a narrow query, no match at all): look for each "1" in the binary digits, in
        # C, rather than walk a flag per page (at 5,000 pages ~15 us for 100 matches against ~150 us;
        # the flag walk wins from about one page in eight).
        digits = format(mask, "b")[::-1]
        out = []
        i = digits.find("1")
        while i >= 0:
            out.append(i)
            i = digits.find("1", i + 1)
        return out
    flags = bytearray(format(mask, f"0{size}b"), "ascii").translate(_TO_FLAG)
    flags.reverse()
    return list(compress(range(size), flags))


class Slot:
    """One query slot's pages: ``scores`` {docnum: score}, their ``mask``, and on first use
    ``ranked()``, its pages highest score first, ``column(docs)``, their scores in order, and
    ``vector()``, every page's score by docnum (0.0 where the slot does not match).

    Ranked pages are kept as two arrays, not a list of (score, docnum) tuples: arrays hold no
    Python objects, so the garbage collector never walks them (a full collection walked every
    cached tuple: ~100 ms pauses in the service)."""

    __slots__ = ("scores", "mask", "size", "_by_score", "_dense", "_sparse")

    def __init__(self, scores: dict[int, float], size: int):
        self.scores = scores
        self.size = size
        self.mask = mask_of(scores, size)
        self._by_score: tuple[array[float], array[int]] | None = None
        self._dense: np.ndarray | None = None
        self._sparse: tuple[np.ndarray, np.ndarray] | None = None

    def ranked(self) -> tuple[array[float], array[int]]:
        """(scores, docnums), highest score first, ties by the higher docnum."""
        if self._by_score is None:
            order = sorted(zip(self.scores.values(), self.scores.keys()), reverse=True)
            self._by_score = (array("d", map(_SCORE, order)), array("q", map(_DOC, order)))
        return self._by_score

    def column(self, docs: list[int]) -> list[float]:
        """The score of each of ``docs`` (0.0 where the slot does not match): for a few pages."""
        return list(map(self.scores.get, docs, repeat(0.0)))

    def vector(self) -> np.ndarray:
        """Every page's score, indexed by docnum (0.0 where the slot does not match); not to be
        changed. Kept for a slot matching at least one page in eight, where the array (8 bytes a
        page) is no bigger than the dict; a narrower slot keeps its (docnums, scores) arrays and
        lays them out on each call (microseconds)."""
        from . import vectors  # (numpy: imported by the first query of several words, see vectors.py)

        if self._dense is not None:
            return self._dense
        if self._sparse is None:
            self._sparse = vectors.sparse(self.scores)
        dense = vectors.dense(self._sparse, self.size)
        if len(self.scores) * 8 >= self.size:
            self._dense, self._sparse = dense, None
        return dense


class Scorer:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.n = index.doc_count
        self.lengths = {f: index.field_lengths(f) for f in TEXT_FIELDS}
        self.avg = {f: (sum(v) / max(1, sum(1 for x in v if x))) or 1.0 for f, v in self.lengths.items()}
        self._cache: OrderedDict[str, dict[int, float]] = OrderedDict()
        self._slots: OrderedDict[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], float], Slot] = OrderedDict()
        self._lock = threading.Lock()

    def _field_scores(self, field: str, term: str) -> dict[int, float]:
        ids, tfs = self.index.postings(field, term)
        if not ids:
            return {}
        df = len(ids)
        idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
        lengths, avg = self.lengths[field], self.avg[field]
        boost = BOOSTS[field] * idf
        return {d: boost * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[d] / avg)) for d, tf in zip(ids, tfs)}

    def term(self, term: str) -> dict[int, float]:
        """Doc -> score of ``term`` summed over the text fields (with field boosts), cached."""
        with self._lock:
            hit = self._cache.get(term)
            if hit is not None:
                self._cache.move_to_end(term)
                return hit
        acc: dict[int, float] = {}
        for f in TEXT_FIELDS:
            for d, s in self._field_scores(f, term).items():
                acc[d] = acc.get(d, 0.0) + s
        with self._lock:
            self._cache[term] = acc
            if len(self._cache) > _CACHED_TERMS:
                self._cache.popitem(last=False)
        return acc

    def phrase(self, terms: tuple[str, ...], weight: float) -> dict[int, float]:
        """Pages holding every term (anywhere); a synonym phrase like "single sign-on"."""
        parts = [self.term(t) for t in terms]
        if not parts:
            return {}
        parts.sort(key=len)
        common = set(parts[0])
        for p in parts[1:]:
            common &= p.keys()
        return {d: weight * sum(p[d] for p in parts) for d in common}

    def slot(self, typed: tuple[str, ...], alts: list[tuple[str, ...]], title: float = 1.0) -> Slot:
        """The slot's pages and scores, cached (LRU) like the terms: queries repeat words."""
        key = (typed, tuple(alts), title)
        with self._lock:
            hit = self._slots.get(key)
            if hit is not None:
                self._slots.move_to_end(key)
                return hit
        slot = Slot(self.slot_scores(typed, alts, title), self.n)
        with self._lock:
            self._slots[key] = slot
            if len(self._slots) > _CACHED_SLOTS:
                self._slots.popitem(last=False)
        return slot

    def slot_scores(self, typed: tuple[str, ...], alts: list[tuple[str, ...]], title: float = 1.0) -> dict[int, float]:
        """Best alternative per page: a page matching SSO and 单点登录 is not counted twice.
        ``title`` multiplies the title part of a single typed Latin word's score."""
        lift = title != 1.0 and len(typed) == 1 and typed[0].isascii()
        if not alts and len(typed) == 1 and not lift:
            return self.term(typed[0])  # the cached dict itself: a Slot never changes it
        best = self.phrase(typed, 1.0) if len(typed) > 1 else dict(self.term(typed[0]))
        if lift:
            for d, s in self._field_scores("title", typed[0]).items():
                best[d] += (title - 1.0) * s
        for alt in alts:
            for d, s in self.phrase(alt, SYNONYM_WEIGHT).items():
                if s > best.get(d, 0.0):
                    best[d] = s
        return best

    def scores(self, slots: Iterable[SlotSpec], docs: list[int], title: float = 1.0) -> list[float]:
        """The score ``run`` gives each of ``docs`` (0.0 where none of the slots matches)."""
        per_slot = [self.slot(typed, alts, title) for typed, alts in slots]
        return _scores(per_slot, docs) if per_slot else [0.0] * len(docs)

    def run(self, slots: Iterable[SlotSpec], allowed: AbstractSet[int] | None, top: int, title: float = 1.0,
            allowed_mask: int | None = None) -> tuple[int, list[tuple[float, int]]]:
        """(mask of every matching doc, the ``top`` best as (score, docnum), best first).
        ``allowed_mask``: ``mask_of(allowed)`` when the caller keeps one.

        Score = sum of slot scores x the share of slots a page matches (coordination): a page
        with every query word beats one that repeats a single word many times. Ties go to the
        higher docnum, as heapq.nlargest over (score, docnum) orders them.

        Several slots: every page is scored at once from the slots' arrays (``vectors.scores``),
        tens of microseconds at 5,000 pages, then the top picked (``vectors.top``). (A threshold walk
        down each slot's ranking, which it replaces, still scored a thousand pages one by one for
        a broad four-word query: most of a search's time.) One slot: its ranking is the top."""
        per_slot = [self.slot(typed, alts, title) for typed, alts in slots]
        if not per_slot or top < 1:
            return 0, []
        matched = per_slot[0].mask
        for slot in per_slot[1:]:
            matched |= slot.mask
        if allowed is not None:
            matched &= mask_of(allowed, self.n) if allowed_mask is None else allowed_mask
        if (allowed is not None or len(per_slot) > 1) and matched.bit_count() <= FEW * len(per_slot):
            # Few matching pages (a filter or a rare word): score them one by one, cheaper than
            # arrays of every page, rather than walk a slot's ranking looking for the allowed ones
            # (a Chinese reader's English query, run again on the Chinese pages, walked thousands).
            docs = docs_of(matched, self.n)
            return matched, _top(top, _scores(per_slot, docs), docs)
        if len(per_slot) == 1:
            one_scores, one_docs = per_slot[0].ranked()
            pairs: Iterator[tuple[float, int]] = zip(one_scores, one_docs)
            if allowed is not None:
                pairs = compress(pairs, map(allowed.__contains__, one_docs))
            return matched, list(islice(pairs, top))
        from . import vectors  # (numpy: imported by the first query of several words, see vectors.py)

        scores = vectors.scores([slot.vector() for slot in per_slot], matched if allowed is not None else None)
        return matched, vectors.top(scores, matched, top)


def _top(top: int, scores: list[float], docs: list[int]) -> list[tuple[float, int]]:
    """``heapq.nlargest(top, zip(scores, docs))`` (= ``sorted(..., reverse=True)[:top]``).
    The ``top``-th best score is found by sorting the bare floats, and only the pages scoring at
    least that are paired with their docnum and sorted: nlargest's heap of tuples took four
    times as long."""
    if len(scores) > top:
        kth = sorted(scores, reverse=True)[top - 1]
        return sorted(compress(zip(scores, docs), map(ge, scores, repeat(kth))), reverse=True)[:top]
    return sorted(zip(scores, docs), reverse=True)


def _scores(per_slot: list[Slot], docs: list[int]) -> list[float]:
    """Each page's score, with the arithmetic of summing slot by slot: slot scores added first to
    last, then ``* hits / n`` when there are several slots (so floats are exactly reproducible).
    Scores are positive: 0.0 means the slot does not match the page (adding it changes no bit,
    so every slot's column is added). Composed of C-level maps, no Python loop per page: a
    query matching few pages, and the pages a learned factor lifts (``vectors.scores`` scores
    every page of a broader query with the same arithmetic)."""
    if len(per_slot) == 1:
        return list(map(per_slot[0].scores.__getitem__, docs))
    n = len(per_slot)
    columns = [slot.column(docs) for slot in per_slot]
    totals: Iterator[float] = iter(columns[0])
    hits: Iterator[int] = map(truth, columns[0])
    for column in columns[1:]:
        totals = map(add, totals, column)
        hits = map(add, hits, map(truth, column))
    return list(map(truediv, map(mul, totals, hits), repeat(n)))
