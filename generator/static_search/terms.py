"""How the static index cuts text into terms; ``theme/assets/kb/search.js`` cuts a query the same way
(``terms``, ``shardOf``), so both must change together.

* Text is NFKC-normalised and lower-cased.
* A run of CJK characters (the ranges of ``CJK`` below, as ``search.js``'s) gives every single
  character and every overlapping pair (``关键路径`` -> 关 键 路 径 关键 键路 路径): no dictionary on
  either side, a two-character query word is one term, a longer one the pairs in order.
* Any other run of letters and digits is one word.
* A term lives in shard ``fnv1a(key) % shards`` where the key is its first three characters: every
  word sharing them is in the same file, so the last word of a query can match as a prefix
  (``config`` finds ``configure``) by reading one shard.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections import Counter

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(rf"[^\W_{CJK}]+")  # letters and digits (\w without the underscore), not CJK
KEY_CHARS = 3


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def count_terms(text: str) -> tuple[Counter[str], int]:
    """Each term's count in ``text`` and the text's length in words (a CJK character counts as one)."""
    text = normalise(text)
    words = WORD.findall(text)
    counts = Counter(words)
    length = len(words)
    runs = CJK_RUN.findall(text)
    if runs:
        # All runs at once, joined by a space (never a term: WORD has no whitespace), whose
        # characters and pairs are then dropped: two Counter updates a page instead of two a run.
        joined = " ".join(runs)
        counts.update(joined)
        counts.update(map(operator.add, joined, joined[1:]))
        for key in [k for k in counts if " " in k]:
            del counts[key]
        length += len(joined) - (len(runs) - 1)
    return counts, length


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the code points (search.js: ``fnv1a``)."""
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(term: str, shards: int) -> int:
    return fnv1a(term[:KEY_CHARS]) % shards
