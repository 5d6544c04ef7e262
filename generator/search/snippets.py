"""Snippets: the densest window of query matches in a page's text, HTML-escaped, with <mark>s.

Matching is a regex built from the query's terms (stems as word prefixes, Chinese words as
literals), so a snippet costs one C-level scan of the stored text instead of re-analyzing it.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from operator import le
from typing import cast

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
        # Whether ``lowered`` exists; the regex itself is compiled when first needed: a page's
        # matches nearly always come term by term (``_by_term``), and compiling it was a new
        # query's costliest step (~4% of the API's CPU under bench/search_speed.py's 1,000 queries).
        self.caseless = all(_caseless_but_ascii(t) for t in terms)
        if self.caseless:
            self._literals = [(t.lower(), t.isascii()) for t in terms]

    @functools.cached_property
    def lowered(self) -> re.Pattern[str] | None:
        if not self.caseless:
            return None
        parts = []
        for t, ascii in self._literals:
            if ascii:
                parts.append(re.escape(t[0]) + r"(?<![a-z0-9].)" + re.escape(t[1:]) + r"[a-z]*")
            else:
                parts.append(re.escape(t))
        return re.compile("|".join(parts))

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
        low = self._lowered_text(text)
        if low is not None:
            return cast(re.Pattern[str], self.lowered).finditer(low)
        return self.exact.finditer(text)

    def matches(self, text: str, limit: int = _MAX_MATCHES, page: tuple[Texts, int] | None = None) -> tuple[list[int], list[int], list[str]]:
        """The first ``limit`` matches ``finditer`` finds: (starts, ends, each matched word's first
        six letters, lowercase). ``page``: (the index's ``Texts``, the docnum whose text ``text``
        is), to use what was found in it before.

        On a text the lowercase twin applies to, the matches are each term's own (``term_matches``,
        memoised per page by ``Texts``), merged; when two overlap, they are
        found by str.find, one C-level search per occurrence of each term, then kept as the regex
        keeps them (leftmost first, at
        one position the first term in the regex's order, none overlapping the previous one): a
        third of the regex's time, which tries its branches at every position where one of the
        terms' first letters stands (1 in 6 of an English text's). A term with more than
        ``_MAX_OCCURRENCES`` occurrences leaves it to the regex, whose scan stops at ``limit``."""
        if self.caseless and (page[0].lowerable(page[1]) if page is not None else lowerable(text)):
            found = _by_term(self._literals, limit, functools.partial(page[0].found, page[1]) if page is not None
                             else functools.partial(term_matches, text.lower()))
            if found is not None:
                return found
            low = text.lower()
            found = _find_all(low, self._literals, limit)
            if found is not None:
                return found
            ms = list(islice(cast(re.Pattern[str], self.lowered).finditer(low), limit))
        else:
            ms = list(islice(self.exact.finditer(text), limit))
        return (list(map(re.Match.start, ms)), list(map(re.Match.end, ms)),
                [w[:6] for w in map(str.lower, map(re.Match.group, ms))])

    def _lowered_text(self, text: str) -> str | None:
        """``text.lower()`` when ``lowered`` finds in it what ``exact`` finds in ``text``."""
        return text.lower() if self.caseless and lowerable(text) else None


def lowerable(text: str) -> bool:
    """``text.lower()`` keeps every character's position, and ``text`` holds neither of the two
    letters (ſ, dotless ı) re.IGNORECASE equates with an ASCII letter while ``str.lower`` does
    not: ``TermPattern.lowered`` finds in ``text.lower()`` what ``exact`` finds in ``text``."""
    return "ſ" not in text and "ı" not in text and len(text.lower()) == len(text)


Found = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...]]  # (starts, ends, keys): see term_matches
_CACHED_TEXTS = 4096
_CACHED_MATCHES = 32768


class Texts:
    """One index's page texts (``text_of(docnum)``: the text a result's snippet is cut from), with
    what ``TermPattern.matches`` finds in each memoised per page (LRU): whether it can be searched
    lowercased (``lowerable``), and each term's matches (``term_matches``). The pages answering a
    query answer others sharing its words, and looking for each term in each result's text (a
    lowercase copy, a scan, a match object per occurrence) was most of a snippet's time. Keyed
    by docnum, not by the text: no text outlives its index in here."""

    def __init__(self, text_of: Callable[[int], str]) -> None:
        self.text_of = text_of
        self.lowerable = functools.lru_cache(maxsize=_CACHED_TEXTS)(self._lowerable)
        self.found = functools.lru_cache(maxsize=_CACHED_MATCHES)(self._found)
        # The last text lowercased, by identity (it is held here, so no other text can take its
        # id): a page's new terms are asked one after the other, and each needs the lowercase.
        self._last: tuple[str, str] = ("", "")

    def _lowerable(self, docnum: int) -> bool:
        return lowerable(self.text_of(docnum))

    def _found(self, docnum: int, term: str, ascii: bool) -> Found:
        text = self.text_of(docnum)
        last = self._last  # (one read: another thread may replace it, never half of it)
        if last[0] is not text:
            last = self._last = (text, text.lower())
        return term_matches(last[1], term, ascii)


_MAX_OCCURRENCES = 400
_SIMPLE_ASCII = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _alone(term: str, ascii: bool) -> re.Pattern[str] | None:
    """``term``'s branch of ``TermPattern.lowered`` as a regex of its own that starts with the term
    itself, which re looks for by a fast literal search rather than trying a branch at every
    position; None when one of its matches could overlap another (an ASCII term with a character
    other than a-z and 0-9, a non-ASCII one whose beginning is also its end), which finditer
    would skip and the joint regex might not."""
    if ascii:
        if not _SIMPLE_ASCII.fullmatch(term):
            return None
        return re.compile(re.escape(term) + r"(?<![a-z0-9]" + re.escape(term) + r")[a-z]*")
    if any(term[:k] == term[-k:] for k in range(1, len(term))):
        return None
    return re.compile(re.escape(term))


def _by_term(literals: list[tuple[str, bool]], limit: int, find: Callable[[str, bool], Found]) -> tuple[list[int], list[int], list[str]] | None:
    """``TermPattern.lowered``'s first ``limit`` matches in a text's lowercase, each term's matches
    found by its own regex (``find``: ``term_matches`` in that text): when no two of them overlap,
    the joint regex finds exactly these (it finds every match of each term that starts no word and
    overlaps no match before it). None when a term has no regex of its own or two matches
    overlap: ``_find_all`` sorts that out."""
    found: list[Found] = []
    for term, ascii in literals:
        if _alone(term, ascii) is None:
            return None
        one = find(term, ascii)
        if one[0]:
            found.append(one)
    if not found:
        return [], [], []
    if len(found) == 1:  # (one term's matches come in order and apart already)
        starts, ends, keys = list(found[0][0]), list(found[0][1]), list(found[0][2])
    else:
        rows: list[tuple[int, int, str]] = sorted(chain.from_iterable(zip(*one) for one in found))
        starts, ends, keys = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
        if not all(map(le, ends, islice(starts, 1, None))):
            return None
    del starts[limit:], ends[limit:], keys[limit:]
    return starts, ends, keys


def term_matches(low: str, term: str, ascii: bool) -> Found:
    """Every match of ``term``'s own regex (``_alone``, which must be one) in ``low``, a text's
    lowercase: (starts, ends, each matched word's first six letters). (Tuples of ints and
    strings, as ``Texts`` keeps them: the garbage collector stops walking them.)"""
    if term not in low:  # (str's own search, far faster than re's: a Chinese reader's English
        return (), (), ()  # query brings Chinese words no English page holds)
    ms = list(cast(re.Pattern[str], _alone(term, ascii)).finditer(low))
    return (tuple(map(re.Match.start, ms)), tuple(map(re.Match.end, ms)),
            tuple(sys.intern(w[:6]) for w in map(re.Match.group, ms)))


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = re.compile(r"[a-z]*")


def _find_all(low: str, literals: list[tuple[str, bool]], limit: int) -> tuple[list[int], list[int], list[str]] | None:
    """``TermPattern.lowered``'s first ``limit`` matches in ``low``, by str.find (None when a term
    occurs more than ``_MAX_OCCURRENCES`` times). ``literals``: (term, ASCII?) in the regex's order;
    an ASCII term starts no word-character run and takes the letters after it, as the regex's
    look-behind and ``[a-z]*`` do."""
    found: list[tuple[int, int]] = []
    find = low.find
    for rank, (term, ascii) in enumerate(literals):
        kept = 0
        i = find(term)
        while i >= 0:
            if not ascii or not i or low[i - 1] not in _WORD_CHARS:
                kept += 1
                if kept > _MAX_OCCURRENCES:
                    return None
                found.append((i, rank))
            i = find(term, i + 1)
    found.sort()
    starts: list[int] = []
    ends: list[int] = []
    keys: list[str] = []
    pos = 0
    letters = _LETTERS.match
    for i, rank in found:
        if i < pos:
            continue  # inside the previous match, or a later term at the same position
        term, ascii = literals[rank]
        pos = i + len(term)
        if ascii:
            pos = cast(re.Match[str], letters(low, pos)).end()
        starts.append(i)
        ends.append(pos)
        keys.append(low[i : min(pos, i + 6)])
        if len(starts) == limit:
            break
    return starts, ends, keys


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
    snippet, first = window(text, pattern)
    return snippet, None if first is None else section_at(sections, first)


def section_of(sections: Sequence[tuple[str, str, int, int]], offset: int) -> Section | None:
    """``section_at`` over a page's stored sections, (title, anchor, level, start) tuples: only
    the section found is made a ``Section``, not each of a result's (a dataclass apiece)."""
    best = None
    for s in sections:
        if s[3] <= offset:
            best = s
        else:
            break
    return None if best is None else Section(*best)


def window(text: str, pattern: TermPattern | None, page: tuple[Texts, int] | None = None) -> tuple[str, int | None]:
    """The snippet, and the offset of its first match (None when nothing matched). ``page``: see
    ``TermPattern.matches``."""
    starts, ends, keys = pattern.matches(text, page=page) if pattern is not None else ([], [], [])
    if not starts:
        return _escape_cut(text, 0, WINDOW), None
    best = _densest(starts, ends, keys)
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
    return _squash("".join(out)), first


def _densest(starts: list[int], ends: list[int], keys: list[str]) -> int:
    """Index of the match that starts the window with the most distinct words (then most matches;
    the first such window).

    Matches do not overlap, so ``ends`` rises strictly: two pointers walk them once, counting the
    words in the window. Measured on bench/search_speed.py's answers (~18 matches a page, up to
    200), this plain loop takes 40% of the time C-level maps took (a binary search and a set of
    the window's words per match: each map stage costs about what a loop step does)."""
    best, best_key, hi, n = 0, (-1, -1), 0, len(starts)
    counts: dict[str, int] = {}
    for lo in range(n):
        limit = starts[lo] + WINDOW
        while hi < n and ends[hi] <= limit:
            key = keys[hi]
            counts[key] = counts.get(key, 0) + 1
            hi += 1
        here = (len(counts), hi - lo)
        if here > best_key:
            best, best_key = lo, here
        if hi > lo:
            key = keys[lo]
            left = counts[key] - 1
            if left:
                counts[key] = left
            else:
                del counts[key]
        else:
            hi = lo + 1  # match lo alone is longer than the window: the next window starts after it
    return best


def _escape_cut(text: str, lo: int, size: int) -> str:
    cut = text[lo : lo + size]
    return _squash(html.escape(cut) + ("…" if lo + size < len(text) else ""))


def _squash(s: str) -> str:
    # == re.sub(r"\s+", " ", s).strip(): str.split() knows the same whitespace, 5x faster
    return " ".join(s.split())
