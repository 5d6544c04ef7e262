"""BM25F over the index's postings (``store.Index``), evaluated in plain dicts.

whoosh's own matchers score one posting per several Python calls; on a 5,000-page help center a
common word has thousands of postings and queries took 50-300 ms. Here each (field, term) posting
list is read from the index once, turned into ``{docnum: score}`` and cached, so a query is a
handful of dict merges: a few milliseconds even for the most common words.

Each query slot (a word with its synonyms) is cached too, with a bit mask of its pages and its
pages in score order, so a query's matches are an OR of masks, and its top pages come from the
highest-scoring pages of each slot (``Scorer.run``) instead of scoring every match.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain, compress, filterfalse, islice, repeat
from operator import add, ge, itemgetter, mul, truediv, truth
from typing import TYPE_CHECKING

from .schema import BOOSTS, TEXT_FIELDS

if TYPE_CHECKING:
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
FIRST_DEPTH = 64  # pages per slot the top is first looked for in (then 2x, 4x ...)
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
    ``ranked()``, its pages highest score first, and ``column(docs)``, their scores in order.

    Ranked pages are kept as two arrays, not a list of (score, docnum) tuples: arrays hold no
    Python objects, so the garbage collector never walks them (a full collection walked every
    cached tuple: ~100 ms pauses in the service)."""

    __slots__ = ("scores", "mask", "size", "_by_score", "_dense")

    def __init__(self, scores: dict[int, float], size: int):
        self.scores = scores
        self.size = size
        self.mask = mask_of(scores, size)
        self._by_score: tuple[array[float], array[int]] | None = None
        self._dense: array[float] | None = None

    def ranked(self) -> tuple[array[float], array[int]]:
        """(scores, docnums), highest score first, ties by the higher docnum."""
        if self._by_score is None:
            order = sorted(zip(self.scores.values(), self.scores.keys()), reverse=True)
            self._by_score = (array("d", map(_SCORE, order)), array("q", map(_DOC, order)))
        return self._by_score

    def column(self, docs: list[int], pick: Callable[[array[float]], tuple[float, ...]] | None = None) -> Sequence[float]:
        """The score of each of ``docs`` (0.0 where the slot does not match). ``pick``:
        ``itemgetter(*docs)`` when ``docs`` are two or more, shared by a query's slots.

        A slot matching many pages is read from an array indexed by docnum: a dict of thousands
        of floats is scattered over memory, and reading it for hundreds of pages was mostly cache
        misses (3x slower). The array is only made when it is no bigger than the dict. One
        itemgetter call reads it in a fraction of a map over ``docs``."""
        if self._dense is None and len(self.scores) * 8 >= self.size:
            dense = array("d", bytes(8 * self.size))
            deque(map(dense.__setitem__, self.scores.keys(), self.scores.values()), maxlen=0)
            self._dense = dense
        if self._dense is not None:
            return pick(self._dense) if pick is not None else list(map(self._dense.__getitem__, docs))
        return list(map(self.scores.get, docs, repeat(0.0)))


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

        The top is looked for among the ``depth`` best pages of each slot (threshold algorithm):
        a page outside all of those scores at most the sum of each slot's score at rank
        ``depth`` (coordination only lowers it); when the top-th page found scores more than
        that, no other page can enter the top. Otherwise the depth doubles, up to every match.
        The scores are computed exactly as for every page, so results are the same."""
        per_slot = [self.slot(typed, alts, title) for typed, alts in slots]
        if not per_slot or top < 1:
            return 0, []
        matched = per_slot[0].mask
        for slot in per_slot[1:]:
            matched |= slot.mask
        if allowed is not None:
            matched &= mask_of(allowed, self.n) if allowed_mask is None else allowed_mask
        if (allowed is not None or len(per_slot) > 1) and matched.bit_count() <= FIRST_DEPTH * len(per_slot):
            # Few matching pages (a filter or a rare word): score them all, as the last resort
            # below does, rather than walk each slot's ranking looking for the allowed ones (a
            # Chinese reader's English query, run again on the Chinese pages, walked thousands).
            docs = docs_of(matched, self.n)
            return matched, _top(top, [], _scores(per_slot, docs), docs)
        if len(per_slot) == 1:
            one_scores, one_docs = per_slot[0].ranked()
            pairs: Iterator[tuple[float, int]] = zip(one_scores, one_docs)
            if allowed is not None:
                pairs = compress(pairs, map(allowed.__contains__, one_docs))
            return matched, list(islice(pairs, top))
        ranked = [slot.ranked() for slot in per_slot]
        longest = max(len(docs) for _, docs in ranked)

        def ceiling(depth: int) -> float:  # the most a page below ``depth`` in every slot scores
            return sum(scores[depth] for scores, _ in ranked if depth < len(scores)) * (1 + 1e-9)

        best: list[tuple[float, int]] = []
        seen: set[int] = set()
        shallow, depth = 0, FIRST_DEPTH
        while depth < longest:
            new = set().union(*(docs[shallow:depth] for _, docs in ranked))
            new -= seen
            seen |= new
            if allowed is not None:
                new &= allowed
            docs = list(new)
            best = _top(top, best, _scores(per_slot, docs), docs)
            if len(best) < top:
                shallow, depth = depth, depth * 2
                continue
            kth = best[-1][0]
            if kth > ceiling(depth):  # (the 1e-9 margin is far above float rounding)
                return matched, best
            # The top-th score so far can only rise: go straight to the depth where it wins.
            lo, hi = depth + 1, longest
            while lo < hi:
                mid = (lo + hi) // 2
                if kth > ceiling(mid):
                    hi = mid
                else:
                    lo = mid + 1
            shallow, depth = depth, lo
        docs = list(filterfalse(seen.__contains__, docs_of(matched, self.n)))  # (matched: allowed pages only)
        return matched, _top(top, best, _scores(per_slot, docs), docs)


def _top(top: int, best: list[tuple[float, int]], scores: list[float], docs: list[int]) -> list[tuple[float, int]]:
    """``heapq.nlargest(top, chain(best, zip(scores, docs)))`` (= ``sorted(..., reverse=True)[:top]``).
    The ``top``-th best score is found by sorting the bare floats, and only the pages scoring at
    least that are paired with their docnum and sorted: most of the few hundred pages a round
    scores fall below it, and nlargest's heap of tuples took four times as long."""
    if len(scores) + len(best) > top:
        kth = sorted(chain(map(_SCORE, best), scores), reverse=True)[top - 1]
        return sorted(chain(best, compress(zip(scores, docs), map(ge, scores, repeat(kth)))), reverse=True)[:top]
    return sorted(chain(best, zip(scores, docs)), reverse=True)


def _scores(per_slot: list[Slot], docs: list[int]) -> list[float]:
    """Each page's score, with the arithmetic of summing slot by slot: slot scores added first to
    last, then ``* hits / n`` when there are several slots (so floats are exactly reproducible).
    Scores are positive: 0.0 means the slot does not match the page (adding it changes no bit,
    so every slot's column is added). Composed of C-level maps, no Python loop per page: this is
    the inner loop of every multi-word query."""
    if len(per_slot) == 1:
        return list(map(per_slot[0].scores.__getitem__, docs))
    n = len(per_slot)
    pick = itemgetter(*docs) if len(docs) > 1 else None
    columns = [slot.column(docs, pick) for slot in per_slot]
    totals: Iterator[float] = iter(columns[0])
    hits: Iterator[int] = map(truth, columns[0])
    for column in columns[1:]:
        totals = map(add, totals, column)
        hits = map(add, hits, map(truth, column))
    return list(map(truediv, map(mul, totals, hits), repeat(n)))
