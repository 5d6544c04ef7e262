"""BM25F over the whoosh index's postings, evaluated in plain dicts.

whoosh's own matchers score one posting per several Python calls; on a 5,000-page help center a
common word has thousands of postings and queries took 50-300 ms. Here each (field, term) posting
list is read from the index once, turned into ``{docnum: score}`` and cached, so a query is a
handful of dict merges: a few milliseconds even for the most common words.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections import OrderedDict

from .schema import BOOSTS, TEXT_FIELDS

K1 = 1.2
B = 0.75
_CACHED_TERMS = 20_000
SYNONYM_WEIGHT = 0.8


class Scorer:
    def __init__(self, reader, searcher):
        self.reader = reader
        self.n = reader.doc_count_all()
        self.lengths = {f: [reader.doc_field_length(d, f, 0) or 0 for d in range(self.n)] for f in TEXT_FIELDS}
        self.avg = {f: (sum(v) / max(1, sum(1 for x in v if x))) or 1.0 for f, v in self.lengths.items()}
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def _field_scores(self, field: str, term: str) -> dict[int, float]:
        try:
            m = self.reader.postings(field, term)
        except Exception:  # whoosh raises TermNotFound
            return {}
        ids, tfs = [], []
        while m.is_active():
            ids.append(m.id())
            tfs.append(m.weight())
            m.next()
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

    def slot(self, typed: tuple[str, ...], alts: list[tuple[str, ...]]) -> dict[int, float]:
        """Best alternative per page: a page matching SSO and 单点登录 is not counted twice."""
        best = self.phrase(typed, 1.0) if len(typed) > 1 else dict(self.term(typed[0]))
        for alt in alts:
            for d, s in self.phrase(alt, SYNONYM_WEIGHT).items():
                if s > best.get(d, 0.0):
                    best[d] = s
        return best

    def run(self, slots, allowed: set[int] | None, top: int) -> tuple[set[int], list[tuple[float, int]]]:
        """(every matching doc, the ``top`` best as (score, docnum)).

        Score = sum of slot scores x the share of slots a page matches (coordination): a page
        with every query word beats one that repeats a single word many times."""
        per_slot = [self.slot(typed, alts) for typed, alts in slots]
        acc: dict[int, float] = {}
        hits: dict[int, int] = {}
        for scores in per_slot:
            for d, s in scores.items():
                acc[d] = acc.get(d, 0.0) + s
                hits[d] = hits.get(d, 0) + 1
        if allowed is not None:
            acc = {d: s for d, s in acc.items() if d in allowed}
        n = len(per_slot) or 1
        if n > 1:
            acc = {d: s * hits[d] / n for d, s in acc.items()}
        best = heapq.nlargest(top, ((s, d) for d, s in acc.items()))
        return set(acc), best
