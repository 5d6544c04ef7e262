"""Spelling suggestions: the index's words within a few edits of a word, closest and most used first.

The answers are those of whoosh's ``ListCorrector`` (which this replaced) re-scored by how many pages
use each word: every listed word that shares the typed word's first ``prefix`` letters and is at most
``maxdist`` edits (Levenshtein: insert, delete, replace) from it in the rest, scored
``-max(1, edits) + f / (f + 1) * 0.5`` for a word ``f`` pages use, the best ``limit`` kept, best
first, equal scores alphabetically. whoosh found them by building a Levenshtein automaton for each
typed word in Python: 1-3 ms a word however short the list, paid on the service's event loop by
the first search with each new typo. Here rapidfuzz (C) measures the distance to the words sharing
the first letter: tens of microseconds. ``tests/search/test_corrector.py`` checks the answers
against whoosh's own walk.
"""

from __future__ import annotations

import heapq

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein


class Corrector:
    def __init__(self, freqs: dict[str, int]) -> None:
        self.freqs = freqs
        # Words by first letter: a suggestion shares it (``prefix`` >= 1, as the search asks).
        self._by_first: dict[str, list[str]] = {}
        for word in sorted(freqs):
            if word:
                self._by_first.setdefault(word[0], []).append(word)

    def suggest(self, text: str, limit: int = 5, maxdist: int = 2, prefix: int = 0) -> list[str]:
        if not text or len(text) < prefix:
            return []
        if prefix:
            words = [w for w in self._by_first.get(text[0], ()) if w[:prefix] == text[:prefix]]
        else:
            words = [w for ws in self._by_first.values() for w in ws]
        rest = text[prefix:]
        close = process.extract(rest, [w[prefix:] for w in words], scorer=Levenshtein.distance,
                                score_cutoff=maxdist, limit=None)
        scored = []
        for _, edits, i in close:
            f = self.freqs.get(words[i], 1)
            scored.append(((0 - max(1, edits)) + f / (f + 1.0) * 0.5, words[i]))
        best = heapq.nlargest(limit, scored)
        return [word for _, word in sorted(best, key=lambda item: (0 - item[0], item[1]))]
