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

import re
import unicodedata
from collections import Counter

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# Either a CJK run or a run of other letters and digits ([^\W_]: \w without the underscore).
TOKEN = re.compile(rf"([{CJK}]+)|((?:(?![{CJK}])[^\W_])+)")
KEY_CHARS = 3


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def count_terms(text: str) -> tuple[Counter[str], int]:
    """Each term's count in ``text`` and the text's length in words (a CJK character counts as one)."""
    counts: Counter[str] = Counter()
    length = 0
    for cjk, word in TOKEN.findall(normalise(text)):
        if word:
            counts[word] += 1
            length += 1
        else:
            counts.update(cjk)
            counts.update(cjk[i:i + 2] for i in range(len(cjk) - 1))
            length += len(cjk)
    return counts, length


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the code points (search.js: ``fnv1a``)."""
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(term: str, shards: int) -> int:
    return fnv1a(term[:KEY_CHARS]) % shards
