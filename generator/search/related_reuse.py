"""The related ranking of the last build, reused by the next one for the pages an edit cannot reach.

``related._scored`` ranks a page P by summing, over P's key terms in order, P's weight times each
page's weight in that term's postings (capped at ``POSTINGS_CAP``), divides by both norms and keeps
the ``limit`` best (cosine, docnum): a total order, ties going to the higher docnum. An edit changes
the key terms of a few dozen pages (the edited one, and those whose idf moved), but those terms
reach most pages, so "P shares a changed term" would rank nearly everything again.

Finer: a page O scores for P as before unless O's row (key terms, language) changed, or O entered
or left the capped postings of one of P's terms. Those are the only pages that can move in P's
ranking; every other candidate keeps its score. So if none of them is in P's last top, that top is
still ahead of every unchanged candidate, and P's new top is the best of its last top and the moved
pages, scored again exactly as ``_scored`` scores them (same products, added in the same order).
P itself ranked again in full when its own row, language or excluded pages changed, or when its
last top was completed by a fallback query (that reads the whole written index).

The state is one cache entry, found by the pages' ids in docnum order (another set or order of
pages: a cold ranking) and checked against the current inputs before any of it is used.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from generator.build.cache import BuildCache

Row = list[tuple[str, float]]  # a page's key terms (term, weight), in the order ranking adds them
Ranked = list[tuple[float, int]]  # (cosine, docnum), best first


class Reuse:
    """``ranked(docnum, ...)``: the page's new top from the last build's, or None (rank it in full);
    ``save`` keeps this build's ranking for the next."""

    def __init__(self, cache: BuildCache, key: str, limit: int, cap: Callable[[list[tuple[int, float]]], None]) -> None:
        self.cache, self.key, self.limit, self._cap = cache, key, limit, cap
        self.tops: list[Ranked | None] = []
        self.full: set[int] = set()  # pages ranked again in full
        self.moved: dict[str, set[int]] = {}  # term -> pages whose score through it may differ
        self.langs: list[str] = []
        self.skips: dict[int, set[int]] = {}
        self._inverted: dict[str, list[tuple[int, float]]] = {}
        self._weights: dict[str, dict[int, float]] = {}

    @classmethod
    def load(cls, cache: BuildCache, ids: list[str], limit: int, rows: list[Row], langs: list[str],
             skips: dict[int, set[int]], inverted: dict[str, list[tuple[int, float]]],
             cap: Callable[[list[tuple[int, float]]], None], cap_size: int) -> Reuse:
        """``cap``/``cap_size``: how related.py caps a term's postings (handed over, not imported:
        related.py imports this module)."""
        from generator.build.cache import digest

        reuse = cls(cache, digest("related-ranking", SCHEMA_VERSION, cap_size, limit, ids), limit, cap)
        reuse.langs, reuse.skips, reuse._inverted = langs, skips, inverted
        old = cache.get(reuse.key)
        try:
            if old is not None and len(old["rows"]) == len(old["langs"]) == len(old["skips"]) == len(old["tops"]) == len(ids):
                reuse._compare(old, rows, langs, skips)
        except (KeyError, TypeError, ValueError, IndexError):
            reuse.tops = []
        return reuse

    def _compare(self, old: dict[str, Any], rows: list[Row], langs: list[str], skips: dict[int, set[int]]) -> None:
        old_rows: list[Row] = [[(t, w) for t, w in row] for row in old["rows"]]
        changed = {n for n, (was, now) in enumerate(zip(old_rows, rows)) if was != now or old["langs"][n] != langs[n]}
        terms = {t for n in changed for row in (old_rows[n], rows[n]) for t, _ in row}
        # The changed terms' postings as the last build capped them
        old_inverted: dict[str, list[tuple[int, float]]] = {t: [] for t in terms}
        for n, row in enumerate(old_rows):
            for t, w in row:
                if t in terms:
                    old_inverted[t].append((n, w))
        for t, postings in old_inverted.items():
            self._cap(postings)
            was = {n for n, _ in postings}
            now = {n for n, _ in self._inverted.get(t, ())}
            self.moved[t] = (was ^ now) | ((was | now) & changed)
        self.full = changed | {n for n, skip in skips.items() if old["skips"][n] != sorted(skip)}
        self.tops = [[(s, o) for s, o in top] if top is not None else None for top in old["tops"]]

    def ranked(self, docnum: int, mine: dict[str, float], norms: list[float]) -> Ranked | None:
        top = self.tops[docnum] if self.tops else None
        if top is None or docnum in self.full:
            return None
        moved: set[int] = set()
        for t in mine:
            found = self.moved.get(t)
            if found:
                moved |= found
        if not moved:
            return top
        if any(o in moved for _, o in top):
            return None  # a page of the last top may have fallen: an unchanged one may now be ahead
        skip, lang, langs = self.skips[docnum], self.langs[docnum], self.langs
        mine_norm = norms[docnum]
        candidates = list(top)
        for o in moved:
            if o in skip or langs[o] != lang:
                continue
            score, present = 0.0, False  # as related._scored adds: term by term, in the row's order
            for t, w in mine.items():
                w2 = self._weight(t).get(o)
                if w2 is not None:
                    score += w * w2
                    present = True
            if present:
                candidates.append((score / (mine_norm * norms[o]), o))
        return heapq.nlargest(self.limit, candidates)

    def _weight(self, term: str) -> dict[int, float]:
        found = self._weights.get(term)
        if found is None:
            found = self._weights[term] = dict(self._inverted.get(term, ()))
        return found

    def save(self, rows: list[Row], langs: list[str], skips: dict[int, set[int]], tops: list[Ranked | None]) -> None:
        self.cache.put(self.key, {"rows": rows, "langs": langs, "tops": tops,
                                  "skips": [sorted(skips[n]) if n in skips else None for n in range(len(rows))]})
