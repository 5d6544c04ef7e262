""""Did you mean": correct query words the index does not know (or barely knows)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .analysis import EN_STOP, stem
from .handle import IndexHandle

_WORD = re.compile(r"[A-Za-z]{3,}")
_FIELDS = ("title", "body", "headings", "tags")
_CACHED_WORDS = 4096
WordFix = tuple[str | None, bool]  # (the replacement or None, whether the word is unknown to the index)


def correct(handle: IndexHandle, text: str) -> tuple[str | None, bool]:
    """(the query with unknown or very rare words replaced by close, common ones, or None if nothing
    changed; whether a replaced word was entirely unknown to the index)."""
    changed = False
    unknown = False
    fix_word = _word_fixer(handle)

    def fix(m: re.Match[str]) -> str:
        nonlocal changed, unknown
        word = m.group()
        sug, was_unknown = fix_word(word.lower())
        if sug is None:
            return word
        changed = True
        unknown = unknown or was_unknown
        return sug

    fixed = _WORD.sub(fix, text[:500])
    return (fixed if changed else None), unknown


def _fix_word(handle: IndexHandle, low: str) -> WordFix:
    if low in EN_STOP:
        return None, False
    df = handle.frequency(stem(low), _FIELDS)
    if df >= 3:
        return None, False
    maxdist = 1 if len(low) <= 5 else 2
    sug: str  # whoosh is untyped
    for sug in handle.corrector.suggest(low, limit=3, maxdist=maxdist, prefix=1):
        # a rare word is only "wrong" next to a much more common spelling
        if stem(sug) == stem(low):
            continue
        if df == 0 or handle.corrector.freqs.get(sug, 0) > 3 * df:
            return sug, df == 0
    return None, False


def _word_fixer(handle: IndexHandle) -> Callable[[str], WordFix]:
    """``_fix_word`` for this index, memoised per word (LRU): every query asks about each of its
    words, and the index's document frequencies (four lookups) and whoosh's candidate walk for a
    rare word (milliseconds) are the same every time."""
    cached: Callable[[str], WordFix] | None = handle.__dict__.get("_word_fixer")
    if cached is None:
        cached = handle.__dict__["_word_fixer"] = functools.lru_cache(maxsize=_CACHED_WORDS)(functools.partial(_fix_word, handle))
    return cached
