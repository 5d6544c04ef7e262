"""Snippets: the densest window of query matches in a page's text, HTML-escaped, with <mark>s.

Matching is a regex built from the query's terms (stems as word prefixes, Chinese words as
literals), so a snippet costs one C-level scan of the stored text instead of re-analyzing it.
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import islice, repeat
from operator import add, sub

from .plaintext import Section, section_at

WINDOW = 180
_MAX_MATCHES = 200


class TermPattern:
    """The query's terms as a regex: stems as word prefixes, Chinese words as literals, matched
    case-insensitively.

    ``exact`` is that regex (re.IGNORECASE) on the text itself. It is slow twice over: compiling
    it expands every [A-Za-z] class over Unicode case folding (~0.7 ms for three English words,
    re-paid for each new query), and a branch that starts with a look-behind or a case-folded
    letter defeats the regex engine's first-character scan (~60 us per 3 KB page). So when the
    terms allow it, ``lowered`` is a case-sensitive twin run on ``text.lower()`` that finds the
    very same matches: it is only used on a text whose lowercase keeps every character's
    position and that holds neither of the two letters (ſ, dotless ı) re.IGNORECASE equates with
    an ASCII letter while ``str.lower`` does not (the look-behind moves after the first letter).
    """

    def __init__(self, terms: list[str]):
        self.terms = terms
        self.lowered: re.Pattern[str] | None = None
        if all(_caseless_but_ascii(t) for t in terms):
            parts = []
            for t in terms:
                t = t.lower()
                if t.isascii():
                    parts.append(re.escape(t[0]) + r"(?<![a-z0-9].)" + re.escape(t[1:]) + r"[a-z]*")
                else:
                    parts.append(re.escape(t))
            self.lowered = re.compile("|".join(parts))

    @functools.cached_property
    def exact(self) -> re.Pattern[str]:
        parts = []
        for t in self.terms:
            if t.isascii():
                # stems are word prefixes ("configur" -> configure, configuration)
                parts.append(r"(?<![A-Za-z0-9])" + re.escape(t) + r"[A-Za-z]*")
            else:
                parts.append(re.escape(t))
        return re.compile("|".join(parts), re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.lowered is not None and "ſ" not in text and "ı" not in text:
            low = text.lower()
            if len(low) == len(text):
                return self.lowered.finditer(low)
        return self.exact.finditer(text)


def _caseless_but_ascii(term: str) -> bool:
    """Every character ASCII or without case (Chinese): the lowercase twin matches as re.I does."""
    return all(ch.isascii() or ch.lower() == ch == ch.upper() for ch in term)


def term_pattern(terms: set[str]) -> TermPattern | None:
    # Sorted first so that one set of terms is one cache key, whatever the set's iteration order.
    return _pattern(tuple(sorted(terms)))


@functools.lru_cache(maxsize=2048)
def _pattern(terms: tuple[str, ...]) -> TermPattern | None:
    """Compiled once per set of terms: compiling costs as much as scanning ten pages, and queries
    repeat their words (re's own cache of 512 patterns is shared with everything else)."""
    ordered = [t for t in sorted(terms, key=len, reverse=True) if t]
    return TermPattern(ordered) if ordered else None


def make_snippet(text: str, sections: list[Section], pattern: TermPattern | None) -> tuple[str, Section | None]:
    found = list(islice(pattern.finditer(text), _MAX_MATCHES)) if pattern is not None else []
    if not found:
        return _escape_cut(text, 0, WINDOW), None
    # Positions and words collected by C-level maps: a long page has up to 200 matches.
    starts = list(map(re.Match.start, found))
    ends = list(map(re.Match.end, found))
    best = _densest(starts, ends, [w[:6] for w in map(str.lower, map(re.Match.group, found))])
    first = starts[best]
    lo = max(0, first - 40)
    # begin at a word or line boundary, not mid-word
    nl = text.rfind("\n", lo, first)
    if nl >= 0:
        lo = nl + 1
    elif lo > 0:
        sp = text.find(" ", lo, first)
        lo = sp + 1 if sp >= 0 else lo
    hi = min(len(text), lo + WINDOW)
    out = ["…"] if lo > 0 else []
    pos = lo
    for s, e in zip(starts[best:], ends[best:]):
        if s >= hi:
            break
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:max(hi, pos)]))
    if max(hi, pos) < len(text):
        out.append("…")
    return _squash("".join(out)), section_at(sections, first)


def _densest(starts: list[int], ends: list[int], keys: list[str]) -> int:
    """Index of the match that starts the window with the most distinct words (then most matches;
    the first such window).

    Matches do not overlap, so ``ends`` rises strictly and the matches in the window that starts
    at match ``lo`` are ``lo`` .. (those ending by ``starts[lo] + WINDOW``) - 1, found by binary
    search. Everything below is composed of C-level maps: a loop in Python over a page's up to 200
    matches cost more than finding them."""
    n = len(starts)
    his = list(map(max, map(bisect_right, repeat(ends), map(add, starts, repeat(WINDOW))), range(n)))
    sizes = map(sub, his, range(n))
    if len(set(keys)) == 1:
        # One word (most queries, and any page matching one of their words): the most matches.
        counts = list(sizes)
        return counts.index(max(counts))
    distinct = map(len, map(set, map(keys.__getitem__, map(slice, range(n), his))))
    scores = list(zip(distinct, sizes))
    return scores.index(max(scores))


def _escape_cut(text: str, lo: int, size: int) -> str:
    cut = text[lo : lo + size]
    return _squash(html.escape(cut) + ("…" if lo + size < len(text) else ""))


def _squash(s: str) -> str:
    # == re.sub(r"\s+", " ", s).strip(): str.split() knows the same whitespace, 5x faster
    return " ".join(s.split())
