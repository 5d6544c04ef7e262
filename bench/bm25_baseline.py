"""The plain baseline search is compared with: BM25 over title + body, jieba for Chinese, no tuning.

This is what anyone would get by putting the pages into a textbook BM25 (k1 = 1.2, b = 0.75, one
field holding the title and the body's plain text), with Chinese cut into words by jieba's default
mode and everything else lowercased and split on non-word characters. No stemming, stop-words,
synonyms, field weights or language preference: it is the bar our ranking must clear.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import jieba

K1 = 1.2
B = 0.75
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f_]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def tokenize(text: str) -> list[str]:
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if _CJK.match(tok):
            out.extend(w for w in jieba.lcut(tok) if w.strip())
        else:
            out.append(tok.lower())
    return out


class BM25:
    def __init__(self, docs: list[tuple[str, str]]):
        """``docs``: (key, text) pairs; ``search`` returns keys, best first."""
        self.keys = [k for k, _ in docs]
        self.tfs = [Counter(tokenize(t)) for _, t in docs]
        self.lens = [sum(tf.values()) for tf in self.tfs]
        self.avg = sum(self.lens) / max(1, len(self.lens))
        self.df: Counter = Counter()
        for tf in self.tfs:
            self.df.update(tf.keys())
        self.postings: dict[str, list[int]] = {}
        for i, tf in enumerate(self.tfs):
            for t in tf:
                self.postings.setdefault(t, []).append(i)

    def search(self, query: str, k: int = 10) -> list[str]:
        n = len(self.keys)
        scores: dict[int, float] = {}
        for t in set(tokenize(query)):
            docs = self.postings.get(t)
            if not docs:
                continue
            idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            for d in docs:
                tf = self.tfs[d][t]
                s = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lens[d] / self.avg))
                scores[d] = scores.get(d, 0.0) + s
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [self.keys[d] for d, _ in best]
