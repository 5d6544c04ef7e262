"""Pseudo-relevance feedback (RM3-style): words the best pages share re-rank the pages found.

The first few pages of a query are probably about what the reader meant; the distinctive words they
share (each page's ``keyterms``, stored at build time) describe the topic better than a short or
colloquial query does. Each candidate page gains ``WEIGHT`` times its BM25 score for those words,
so a page about the same topic as the best hits rises, and a page matching one query word by chance
sinks. Only the pages already found are re-ranked (no second retrieval): the cost is a few cached
term lookups.
"""

from __future__ import annotations

FEEDBACK_PAGES = 3
FEEDBACK_TERMS = 8
WEIGHT = 0.0  # fitted on the tuning half (bench/search_tune.py); 0 turns feedback off


def expand(handle, ranked: list[tuple[float, int]], query_terms: set[str]) -> list[tuple[float, int]]:
    if WEIGHT <= 0 or len(ranked) < 2:
        return ranked
    top = sorted(ranked, reverse=True)[:FEEDBACK_PAGES]
    total = sum(s for s, _ in top) or 1.0
    table = handle.keyterms
    weights: dict[str, float] = {}
    for score, d in top:
        terms = table[d][0] if table[d] else {}
        norm = sum(terms.values()) or 1.0
        for t, w in terms.items():
            if t not in query_terms:
                weights[t] = weights.get(t, 0.0) + (score / total) * (w / norm)
    chosen = sorted(weights.items(), key=lambda kv: -kv[1])[:FEEDBACK_TERMS]
    if not chosen:
        return ranked
    scale = sum(w for _, w in chosen)
    per_term = [(handle.scorer.term(t), w / scale) for t, w in chosen]
    return [(s + WEIGHT * sum(w * scores.get(d, 0.0) for scores, w in per_term), d) for s, d in ranked]
