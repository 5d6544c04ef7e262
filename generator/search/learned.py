"""Learning from readers: pages readers open and vote helpful for a query rise for that query.

The service (``feedback_api.search.learning``) records, per query key and page, each visitor's
click and helpful vote once, and turns them into a multiplier per page with the functions here;
``Searcher.search(learned=...)`` applies it. This module is the pure part: which queries count as
the same (``query_key``), how a signal fades (``decay``) and how far it may lift a page
(``multiplier``). The figures are in docs/search.md.
"""

from __future__ import annotations

from .analysis import query_terms

MIN_VISITORS = 3  # fewer distinct visitors for a page and query move nothing: one visitor cannot
HALF_LIFE_DAYS = 30.0  # a signal counts half after a month, a quarter after two
MAX_BOOST = 0.5  # a page's score rises by at most half
HALF_AT = 5.0  # the (decayed) weight at which a page gets half of MAX_BOOST
WEIGHTS = {"click": 1.0, "helpful": 2.0}  # a helpful vote on the page reached counts as two clicks
KEY_CHARS = 200


def query_key(text: str) -> str:
    """Queries with the same analyzed terms share what was learned: "Reset password", "how do I
    reset my password?" and "password reset" are one key ("password reset" once stemmed)."""
    return " ".join(sorted(set(query_terms(text[:500]))))[:KEY_CHARS]


def decay(age_days: float) -> float:
    return float(0.5 ** (max(0.0, age_days) / HALF_LIFE_DAYS))


def multiplier(weight: float, visitors: int) -> float:
    """A page's score factor from its decayed ``weight`` (sum of WEIGHTS x decay over distinct
    visitors' signals): 1.0 below MIN_VISITORS, approaching 1 + MAX_BOOST, never beyond."""
    if visitors < MIN_VISITORS or weight <= 0:
        return 1.0
    return 1.0 + MAX_BOOST * weight / (weight + HALF_AT)
