"""How sure a result is: the share of the query's information a page matches.

BM25 scores are not comparable between queries (a long query scores higher), so the confidence is
the idf-weighted share of the query's slots (words, with their synonyms) the page matches: 1.0 when
it holds every word, lower when it misses the rare, telling words. A query's words that no page
holds at all count too (they are what the reader asked and nothing answers).

``GOOD`` separates good answers from weak matches. It was calibrated on the tuning half of the
labelled queries (bench/search_calibrate.py): the first result of a query is right far more often
above it than below (figures in docs/search.md).
"""

from __future__ import annotations

import math

GOOD = 0.6


def slot_weights(per_slot, n_docs: int) -> list[float]:
    """idf of each slot from the number of pages it matches (an unmatched word weighs most)."""
    out = []
    for slot in per_slot:
        df = slot.mask.bit_count()
        out.append(math.log(1 + (n_docs - df + 0.5) / (df + 0.5)))
    return out


def coverage(per_slot, weights: list[float], docnum: int) -> float:
    total = sum(weights)
    if not total:
        return 0.0
    hit = sum(w for slot, w in zip(per_slot, weights) if slot.mask >> docnum & 1)
    return hit / total


def verdict(results: list[dict]) -> str:
    """The whole answer: "good" when the first result is a good match, "weak" when there are only
    weak matches, "none" when nothing matched."""
    if not results:
        return "none"
    return "good" if results[0]["match"] == "good" else "weak"
