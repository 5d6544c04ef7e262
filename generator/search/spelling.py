""""Did you mean": correct query words the index does not know (or barely knows)."""

from __future__ import annotations

import re

from .analysis import EN_STOP, stem
from .handle import IndexHandle

_WORD = re.compile(r"[A-Za-z]{3,}")
_FIELDS = ("title", "body", "headings", "tags")


def correct(handle: IndexHandle, text: str) -> tuple[str | None, bool]:
    """(the query with unknown or very rare words replaced by close, common ones, or None if nothing
    changed; whether a replaced word was entirely unknown to the index)."""
    changed = False
    unknown = False

    def fix(m: re.Match[str]) -> str:
        nonlocal changed, unknown
        word = m.group()
        low = word.lower()
        if low in EN_STOP:
            return word
        df = handle.frequency(stem(low), _FIELDS)
        if df >= 3:
            return word
        maxdist = 1 if len(low) <= 5 else 2
        sug: str  # whoosh is untyped
        for sug in handle.corrector.suggest(low, limit=3, maxdist=maxdist, prefix=1):
            # a rare word is only "wrong" next to a much more common spelling
            if stem(sug) == stem(low):
                continue
            if df == 0 or handle.corrector.freqs.get(sug, 0) > 3 * df:
                changed = True
                unknown = unknown or df == 0
                return sug
        return word

    fixed = _WORD.sub(fix, text[:500])
    return (fixed if changed else None), unknown
