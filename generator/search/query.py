"""Turn user text into a whoosh query built from analyzed terms — never parsed as query syntax.

Quotes, colons, AND/OR/NOT, wildcards and backslashes are just characters to the analyzer, so no
input can produce a syntax error or an unintended operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as Q

from .analysis import query_terms
from .handle import IndexHandle
from .schema import BOOSTS, TEXT_FIELDS

MAX_QUERY_CHARS = 500  # longer input is cut, not rejected (the API rejects it earlier)
MAX_TERMS = 24
SYNONYM_WEIGHT = 0.8  # a synonym match ranks a little below the words the user typed


@dataclass
class Plan:
    terms: list[str]  # analyzed terms the user typed
    slots: list[tuple[tuple[str, ...], list[tuple[str, ...]]]]
    query: Q.Query | None
    highlight: set[str] = field(default_factory=set)  # every term a snippet may mark


class Union(Q.Or):
    """Or that always uses whoosh's binary-tree union matcher.

    whoosh picks its ArrayUnionMatcher for 3+ clauses on small indexes, and that matcher's
    block_quality() scans a 2,048-slot array on every call: queries got 10x slower."""

    matcher_type = Q.Or.DEFAULT_MATCHER


def term_query(term: str, boost: float = 1.0) -> Q.Query:
    # Plain Or: whoosh 2.7's DisjunctionMax scores every match with its block quality (all ties).
    return Union([Q.Term(f, term, boost=BOOSTS[f] * boost) for f in TEXT_FIELDS])


def phrase_query(phrase: tuple[str, ...], boost: float = 1.0) -> Q.Query:
    if len(phrase) == 1:
        return term_query(phrase[0], boost)
    return Q.And([term_query(t, boost) for t in phrase])


def plan(handle: IndexHandle, text: str) -> Plan:
    qterms = query_terms(text[:MAX_QUERY_CHARS])[:MAX_TERMS]
    slots = handle.synonyms.expand(qterms)
    subs = []
    highlight: set[str] = set()
    for typed, alts in slots:
        options = [phrase_query(typed)] + [phrase_query(a, SYNONYM_WEIGHT) for a in alts]
        subs.append(options[0] if len(options) == 1 else Union(options))
        highlight.update(typed)
        for a in alts:
            highlight.update(a)
    if not subs:
        return Plan(qterms, slots, None, highlight)
    # whoosh flattens nested Ors, so coordination (pages matching more slots rank higher) is applied
    # by the searcher when it re-ranks the top hits, see ``slot_sets``.
    query = subs[0] if len(subs) == 1 else Union(subs)
    return Plan(qterms, slots, query, highlight)


def slot_sets(handle: IndexHandle, p: Plan) -> list[set[int]]:
    """For each slot (query word or synonym group), the docs it matches, from cached posting sets."""
    out = []
    for typed, alts in p.slots:
        slot: set[int] = set()
        for phrase in [typed, *alts]:
            docs: set[int] | None = None
            for t in phrase:
                hit = set().union(*(handle.postings(f, t) for f in TEXT_FIELDS))
                docs = hit if docs is None else docs & hit
                if not docs:
                    break
            if docs:
                slot |= docs
        out.append(slot)
    return out


def matching_docs(handle: IndexHandle, p: Plan) -> set[int]:
    """Every doc the plan matches (cheap and exact, no scoring)."""
    return set().union(*slot_sets(handle, p))
