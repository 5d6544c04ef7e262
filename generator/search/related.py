"""Related articles: more-like-this within one language, from the terms stored in the index.

Each page stores its most distinctive terms (tf-idf, computed at build). Two pages are related by
the cosine of those term vectors; pages whose terms meet nobody else's fall back to a BM25 query
with their terms (``store.Index.more_like``). ``related_map`` inverts the term table once, so all pages cost one pass.

A build ranks from ``DocTable``, the same tables taken from the documents it has just analysed,
before whoosh has written them: only a fallback query waits for the written index.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.model import ContentSet
from .handle import IndexHandle, Keyterms
from .searcher import Searcher
from .store import Index

if TYPE_CHECKING:
    from generator.build.cache import BuildCache

    from .documents import Doc


class DocTable:
    """What ranking reads of an ``IndexHandle`` (ids, languages, key terms, translations, docnums in
    writing order), from the analysed documents; ``index`` is the written index, opened on first use."""

    def __init__(self, docs: list[Doc], written: Callable[[], Path]) -> None:
        self.docs = [_Info(d.fields["id"], d.fields.get("lang", "")) for d in docs]
        self.docnum = {info.id: n for n, info in enumerate(self.docs)}
        # As a handle reads them back from the stored fields (IndexHandle.keyterms).
        self.keyterms: Keyterms = [(dict(d.fields.get("keyterms") or []), set(d.fields.get("translation") or [])) for d in docs]
        self._written = written
        self._index: Index | None = None

    def postings(self, field: str, term: str) -> frozenset[int]:
        assert field == "lang", field  # the only postings ranking reads
        return frozenset(n for n, info in enumerate(self.docs) if info.lang == term)

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index(self._written())
        return self._index

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None


class _Info:
    __slots__ = ("id", "lang")

    def __init__(self, id: str, lang: str) -> None:
        self.id, self.lang = id, lang


Source = IndexHandle | DocTable | Searcher | Path | str  # an opened index, a searcher, or a directory holding either

POSTINGS_CAP = 100


def _handle(source: Source) -> IndexHandle | DocTable:
    if isinstance(source, (IndexHandle, DocTable)):
        return source
    if isinstance(source, Searcher):
        return source.handle()
    path = Path(source)
    if (path / "meta.json").is_file():  # an index build directory itself
        return IndexHandle(path)
    return Searcher(path).handle()


def _excluded(h: IndexHandle | DocTable, docnum: int) -> set[int]:
    """The page itself and its translations, whichever side declares the link."""
    table = h.keyterms
    my_id = h.docs[docnum].id
    out = {docnum}
    out.update(h.docnum[i] for i in table[docnum][1] if i in h.docnum)
    out.update(n for n, row in enumerate(table) if row and my_id in row[1])
    return out


def _norms(table: Keyterms) -> list[float]:
    return [math.sqrt(sum(w * w for w in row[0].values())) or 1.0 if row else 1.0 for row in table]


def _fallback(h: IndexHandle | DocTable, docnum: int, lang: str, skip: set[int], limit: int) -> list[int]:
    return h.index.more_like(h.keyterms[docnum][0], set(h.postings("lang", lang)) - skip, limit)


def _rank(h: IndexHandle | DocTable, docnum: int, lang: str, limit: int, inverted: dict[str, list[tuple[int, float]]], norms: list[float],
          skip: set[int]) -> list[str]:
    in_lang = _by_language(inverted, [info.lang for info in h.docs]).get(lang, {})
    return _ranked_ids(h, docnum, lang, limit, skip, _scored(h, docnum, limit, in_lang, norms, skip))


def _scored(h: IndexHandle | DocTable, docnum: int, limit: int, in_lang: dict[str, list[tuple[int, float]]],
            norms: list[float], skip: set[int]) -> list[tuple[float, int]]:
    """The ``limit`` best (cosine, docnum) among the pages of ``in_lang`` (``_by_language``), best
    first (fewer when few pages share terms)."""
    mine = h.keyterms[docnum][0]
    scores: dict[int, float] = defaultdict(float)
    for t, w in mine.items():
        for other, w2 in in_lang.get(t, ()):
            scores[other] += w * w2
    mine_norm = norms[docnum]
    return heapq.nlargest(limit, ((s / (mine_norm * norms[o]), o) for o, s in scores.items() if o not in skip))


def _ranked_ids(h: IndexHandle | DocTable, docnum: int, lang: str, limit: int, skip: set[int], ranked: list[tuple[float, int]]) -> list[str]:
    picked = [o for _, o in ranked]
    if len(picked) < limit:
        picked += [o for o in _fallback(h, docnum, lang, skip | set(picked), limit - len(picked))]
    langs = h.docs
    return [langs[o].id for o in picked[:limit]]


def _inverted(h: IndexHandle | DocTable) -> dict[str, list[tuple[int, float]]]:
    inv: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for n, row in enumerate(h.keyterms):
        if row:
            for t, w in row[0].items():
                inv[t].append((n, w))
    # A key term thousands of pages share relates nobody in particular; keeping only the pages
    # where it weighs most bounds related_map at O(pages x key terms x POSTINGS_CAP).
    for rows in inv.values():
        _cap(rows)
    return inv


def _by_language(inverted: dict[str, list[tuple[int, float]]], langs: list[str]) -> dict[str, dict[str, list[tuple[int, float]]]]:
    """``{lang: {term: postings}}``: each term's capped postings split by the pages' language, in
    order. A page is ranked among pages of one language: its sums then never touch the others
    (a third of the work on a bilingual site) and every score is added as before."""
    out: dict[str, dict[str, list[tuple[int, float]]]] = defaultdict(dict)
    for t, postings in inverted.items():
        for posting in postings:
            found = out[langs[posting[0]]].get(t)
            if found is None:
                out[langs[posting[0]]][t] = [posting]
            else:
                found.append(posting)
    return out


def _cap(rows: list[tuple[int, float]]) -> None:
    if len(rows) > POSTINGS_CAP:
        rows.sort(key=lambda r: -r[1])
        del rows[POSTINGS_CAP:]


def related(index_dir_or_searcher: Source, page_id: str, lang: str | None = None, limit: int = 5) -> list[str]:
    """Ids of up to ``limit`` pages like ``page_id`` in ``lang`` (default: the page's own language)."""
    h = _handle(index_dir_or_searcher)
    docnum = h.docnum.get(page_id)
    if docnum is None:
        return []
    lang = lang or h.docs[docnum].lang
    table = h.keyterms
    return _rank(h, docnum, lang, limit, _inverted(h), _norms(table), _excluded(h, docnum))


def related_map(content: ContentSet, searcher: Source, limit: int = 5, cache: BuildCache | None = None) -> dict[str, list[str]]:
    """``{page_id: [related ids]}`` for every indexed page of ``content``, in one pass.

    ``cache`` (a generator.build.cache.BuildCache) keeps the ranking for the next build, which
    ranks again only the pages whose result its changes can reach (``related_reuse``)."""
    h = _handle(searcher)
    inverted = _inverted(h)
    norms = _norms(h.keyterms)
    # ContentSet.translations() scans every page; one pass here keeps related_map linear.
    translations: dict[str, set[str]] = defaultdict(set)
    for page in content.pages:
        if page.translation_of:
            translations[page.id].add(page.translation_of)
            translations[page.translation_of].add(page.id)
    skips: dict[int, set[int]] = {}
    for page in content.pages:
        docnum = h.docnum.get(page.id)
        if docnum is not None:
            skips[docnum] = {docnum} | {h.docnum[t] for t in translations.get(page.id, ()) if t in h.docnum}
    langs = [info.lang for info in h.docs]
    rows = [list(row[0].items()) for row in h.keyterms]
    by_language = _by_language(inverted, langs)
    reuse = None
    if cache is not None:
        from .related_reuse import Reuse

        reuse = Reuse.load(cache, [info.id for info in h.docs], limit, rows, langs, skips, inverted, _cap, POSTINGS_CAP)
    out: dict[str, list[str]] = {}
    tops: list[list[tuple[float, int]] | None] = [None] * len(h.docs)  # what the next build reuses
    for page in content.pages:
        docnum = h.docnum.get(page.id)
        if docnum is None:
            continue
        skip = skips[docnum]
        ranked = reuse.ranked(docnum, h.keyterms[docnum][0], norms) if reuse is not None else None
        if ranked is None:
            ranked = _scored(h, docnum, limit, by_language.get(page.lang, {}), norms, skip)
        tops[docnum] = ranked if len(ranked) == limit else None  # None: a fallback query completed it
        out[page.id] = _ranked_ids(h, docnum, page.lang, limit, skip, ranked)
    if reuse is not None:
        reuse.save(rows, langs, skips, tops)
    return out
