"""One opened index build: the index (``store.Index``) plus per-document tables kept in memory.

Facets, filters and totals are computed from these tables and from cached posting sets instead of
letting whoosh count every hit, which MEASURED.md shows dominates query time.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from generator.content.versions import Version, VersionRange

from . import analysis, glossary
from .build import DICTIONARY_FILE, META_FILE, WORDS_FILE
from .corrector import Corrector
from .scoring import Scorer, mask_of
from .store import Index
from .synonyms import Synonyms

_SETS_CACHED = 4096
_DOCS_CACHED = 4096
_MASKS_KEPT = 64


@dataclass
class DocInfo:
    id: str
    type: str
    lang: str
    category: str
    tags: list[str]
    versions: list[str]


# Per docnum: (key term -> weight, ids of the page's translations).
Keyterms = list[tuple[dict[str, float], set[str]]]


class IndexHandle:
    def __init__(self, index_dir: Path) -> None:
        self.dir = Path(index_dir)
        self.meta: dict[str, Any] = json.loads((self.dir / META_FILE).read_text(encoding="utf-8"))
        analysis.load_user_dictionary(self.dir / DICTIONARY_FILE)
        analysis.warm_up()  # jieba's first use costs ~1 s: pay it when opening, not on a request
        self.index = Index(self.dir)
        self.synonyms = Synonyms(self.meta.get("synonyms") or [])
        self.glossary = glossary.builtin()  # analyzed once per process (~60 ms), here rather than in a search
        self.docs: list[DocInfo] = []
        self.docnum: dict[str, int] = {}
        self._load_docs()
        self._sets: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self._lock = threading.Lock()
        self._masks: dict[tuple[str, str], int] = {}
        self._corrector: Corrector | None = None
        self._keyterms: Keyterms | None = None
        self.scorer = Scorer(self.index)
        # Decoding a result's stored fields (whoosh's column, then pickle) costs ~25 us, ten times a page, and
        # the same pages answer many queries: the last _DOCS_CACHED decoded are kept (LRU; a few kB
        # each, 10-20 MB for 4,096 pages of ordinary length).
        self._stored = functools.lru_cache(maxsize=_DOCS_CACHED)(self._decoded)

    def _load_docs(self) -> None:
        docs: list[DocInfo | None] = [None] * self.index.doc_count
        for docnum, fields in self.index.iter_docs():
            tags = [t for t in (fields.get("tag") or "").split(",") if t]
            info = DocInfo(fields["id"], fields.get("type", ""), fields.get("lang", ""), fields.get("category", ""), tags, fields.get("versions") or [])
            docs[docnum] = info
            self.docnum[info.id] = docnum
        self.docs = cast(list[DocInfo], docs)  # every docnum is filled: a build writes documents 0..n-1 and deletes none

    @property
    def doc_count(self) -> int:
        return len(self.docnum)

    def stored(self, docnum: int) -> dict[str, Any]:
        """The document's stored fields, lists as tuples (callers must not change the dict: it is
        shared)."""
        return self._stored(docnum)

    def decode_ahead(self) -> None:
        """Decode the first pages into ``stored``'s cache, as many as it keeps. A fresh worker's
        first thousand searches decoded some 3,000 pages one by one at 5,000 pages, a tenth of
        their time (``warm``)."""
        for docnum in range(min(self.doc_count, _DOCS_CACHED)):
            self._stored(docnum)

    def _decoded(self, docnum: int) -> dict[str, Any]:
        # Tuples of strings and numbers, unlike lists, are dropped from the garbage collector's
        # watch after its first pass (and a dict of them next): thousands of kept pages' lists
        # would otherwise be walked by every full collection, a pause of ~15 ms for all requests.
        return {k: _as_tuples(v) for k, v in self.index.stored(docnum).items()}

    def postings(self, field: str, term: str) -> frozenset[int]:
        """Doc numbers holding ``term`` in ``field``, cached (LRU) because queries repeat terms."""
        key = (field, term)
        with self._lock:
            hit = self._sets.get(key)
            if hit is not None:
                self._sets.move_to_end(key)
                return hit
        ids = frozenset(self.index.postings(field, term)[0])
        with self._lock:
            self._sets[key] = ids
            if len(self._sets) > _SETS_CACHED:
                self._sets.popitem(last=False)
        return ids

    def postings_mask(self, field: str, term: str) -> int:
        """``postings`` as a bit mask (``scoring.mask_of``), kept for the few (field, term) pairs
        asked for (a language's pages, searched again on every query from that language)."""
        key = (field, term)
        mask = self._masks.get(key)
        if mask is None:
            mask = mask_of(self.postings(field, term), len(self.docs))
            with self._lock:
                if len(self._masks) >= _MASKS_KEPT:
                    self._masks.clear()
                self._masks[key] = mask
        return mask

    def frequency(self, term: str, fields: tuple[str, ...]) -> int:
        return sum(self.index.doc_frequency(f, term) for f in fields)

    def version_set(self, version: str) -> frozenset[int]:
        try:
            v = Version.parse(version)
        except ValueError:
            return frozenset()
        out = set()
        for n, d in enumerate(self.docs):
            if d is None:
                continue
            if not d.versions:
                out.add(n)  # a page that names no version applies to every version
                continue
            for spec in d.versions:
                if spec.startswith("="):
                    ok = _same_release(spec[1:], v)
                else:
                    try:
                        ok = VersionRange.parse(spec).contains(v)
                    except ValueError:
                        ok = False
                if ok:
                    out.add(n)
                    break
        return frozenset(out)

    @property
    def corrector(self) -> Corrector:
        if self._corrector is None:
            freqs = {}
            path = self.dir / WORDS_FILE
            if path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    word, _, f = line.partition("\t")
                    if word:
                        freqs[word] = int(f or 1)
            self._corrector = Corrector(freqs)
        return self._corrector

    @property
    def keyterms(self) -> Keyterms:
        """Per docnum: (dict term -> weight, set of translation ids)."""
        if self._keyterms is None:
            table: list[tuple[dict[str, float], set[str]] | None] = [None] * len(self.docs)
            for docnum, fields in self.index.iter_docs():
                table[docnum] = (dict(fields.get("keyterms") or []), set(fields.get("translation") or []))
            self._keyterms = cast(Keyterms, table)  # every docnum is filled, as in _load_docs
        return self._keyterms

    def close(self) -> None:
        self.index.close()


_SEQUENCES = frozenset((list, tuple))


def _as_tuples(value: Any) -> Any:
    """``value`` with every list in it, at any depth, a tuple. A sequence of plain values is
    copied once, not walked value by value: half the time on a page's key terms (pairs)."""
    kind = type(value)
    if kind is not list and kind is not tuple:
        return value
    items = tuple(value)
    if _SEQUENCES.isdisjoint(map(type, items)):
        return items
    return tuple(map(_as_tuples, items))


def _same_release(text: str, v: Version) -> bool:
    try:
        r = Version.parse(text)
    except ValueError:
        return False
    # "3.2" asks for the 3.2 line: releases 3.2.0, 3.2.1 ... all match
    return r == v or (len(v.key.release) < 3 and r.minor == v.minor)
