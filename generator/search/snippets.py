"""Snippets: the densest window of query matches in a page's text, HTML-escaped, with <mark>s.

Matching is a regex built from the query's terms (stems as word prefixes, Chinese words as
literals), so a snippet costs one C-level scan of the stored text instead of re-analyzing it.
"""

from __future__ import annotations

import html
import re

from .plaintext import Section, section_at

WINDOW = 180
_MAX_MATCHES = 200


def term_pattern(terms: set[str]) -> re.Pattern | None:
    parts = []
    for t in sorted(terms, key=len, reverse=True):
        if not t:
            continue
        if t.isascii():
            # stems are word prefixes ("configur" -> configure, configuration)
            parts.append(r"(?<![A-Za-z0-9])" + re.escape(t) + r"[A-Za-z]*")
        else:
            parts.append(re.escape(t))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def make_snippet(text: str, sections: list[Section], pattern: re.Pattern | None) -> tuple[str, Section | None]:
    matches = []
    if pattern is not None:
        for m in pattern.finditer(text):
            matches.append((m.start(), m.end(), m.group().lower()))
            if len(matches) >= _MAX_MATCHES:
                break
    if not matches:
        return _escape_cut(text, 0, WINDOW), None
    best = _densest(matches)
    first = matches[best][0]
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
    for s, e, _ in matches[best:]:
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


def _densest(matches: list[tuple[int, int, str]]) -> int:
    """Index of the match that starts the window with the most distinct words (then most matches).
    Two pointers over the sorted matches: linear, whatever the page length."""
    best, best_key = 0, (-1, -1)
    counts: dict[str, int] = {}
    hi = 0
    for lo, (start, _, _) in enumerate(matches):
        while hi < len(matches) and matches[hi][1] - start <= WINDOW:
            key = matches[hi][2][:6]
            counts[key] = counts.get(key, 0) + 1
            hi += 1
        score = (len(counts), hi - lo)
        if score > best_key:
            best, best_key = lo, score
        if hi > lo:
            key = matches[lo][2][:6]
            counts[key] -= 1
            if not counts[key]:
                del counts[key]
        else:
            hi = lo + 1
    return best


def _escape_cut(text: str, lo: int, size: int) -> str:
    cut = text[lo : lo + size]
    return _squash(html.escape(cut) + ("…" if lo + size < len(text) else ""))


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
