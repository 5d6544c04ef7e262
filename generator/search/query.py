"""Turn user text into query slots built from analyzed terms — never parsed as query syntax.

Quotes, colons, AND/OR/NOT, wildcards and backslashes are just characters to the analyzer, so no
input can produce a syntax error or an unintended operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import glossary
from .analysis import query_terms
from .handle import IndexHandle
from .languages import mixed
from .scoring import MIXED_LATIN_TITLE

MAX_QUERY_CHARS = 500  # longer input is cut, not rejected (the API rejects it earlier)
MAX_TERMS = 24
# Words also searched in the other language through the built-in glossary (``glossary``); off only
# to measure what it brings (bench/search_tune.py, bench/search_speed.py).
TRANSLATE = True


@dataclass
class Plan:
    terms: list[str]  # analyzed terms the user typed
    # one slot per typed term (or synonym phrase): (the typed terms, their alternatives: staff
    # synonyms, else the glossary's translations); ``scoring.Scorer.run`` scores them
    slots: list[tuple[tuple[str, ...], list[tuple[str, ...]]]]
    highlight: set[str] = field(default_factory=set)  # every term a snippet may mark
    title: float = 1.0  # the title weight of Latin words (scoring.MIXED_LATIN_TITLE in mixed queries)


def plan(handle: IndexHandle, text: str) -> Plan:
    qterms = query_terms(text[:MAX_QUERY_CHARS])[:MAX_TERMS]
    slots = handle.synonyms.expand(qterms)
    if TRANSLATE:
        # a slot staff gave synonyms to keeps them alone: synonyms.yml overrides the glossary
        words = glossary.builtin()
        slots = [(typed, alts or words.translations(typed)) for typed, alts in slots]
    highlight: set[str] = set()
    for typed, alts in slots:
        highlight.update(typed)
        for a in alts:
            highlight.update(a)
    return Plan(qterms, slots, highlight, MIXED_LATIN_TITLE if mixed(text) else 1.0)
