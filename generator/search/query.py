"""Turn user text into query slots built from analyzed terms — never parsed as query syntax.

Quotes, colons, AND/OR/NOT, wildcards and backslashes are just characters to the analyzer, so no
input can produce a syntax error or an unintended operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import query_terms
from .glossary import Glossary
from .handle import IndexHandle
from .languages import mixed
from .scoring import MIXED_LATIN_TITLE, SlotSpec

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
    slots: list[SlotSpec]
    highlight: set[str] = field(default_factory=set)  # every term a snippet may mark
    title: float = 1.0  # the title weight of Latin words (scoring.MIXED_LATIN_TITLE in mixed queries)


def plan(handle: IndexHandle, text: str, prefer: str | None = None) -> Plan:
    """``prefer``: the language the reader wants results in (``languages.preferred``)."""
    qterms = query_terms(text[:MAX_QUERY_CHARS])[:MAX_TERMS]
    slots = handle.synonyms.expand(qterms)
    if TRANSLATE:
        slots = _translated(handle.glossary, slots, prefer == "zh")
    highlight: set[str] = set()
    for typed, alts in slots:
        highlight.update(typed)
        for a in alts:
            highlight.update(a)
    return Plan(qterms, slots, highlight, MIXED_LATIN_TITLE if mixed(text) else 1.0)


def _translated(words: Glossary, slots: list[SlotSpec], to_chinese: bool) -> list[SlotSpec]:
    """Each slot with the glossary's translations as its alternatives. A slot staff gave synonyms
    to keeps them alone (synonyms.yml overrides the glossary). Chinese words always get their
    English ones: a Chinese question may be asked of English-only pages. English words get their
    Chinese ones only for a reader who wants Chinese (on a Chinese page): for anyone else the
    Chinese pages they would add rank after the English ones anyway, and matching them made the
    median query of bench/search_speed.py a fifth slower (docs/search.md)."""
    out = []
    for typed, alts in slots:
        if not alts and (to_chinese or not typed[0].isascii()):
            alts = words.translations(typed)
        out.append((typed, alts))
    return out
