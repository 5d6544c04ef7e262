"""Query the live index: ``Searcher(site_dir).search(q, ...)`` -> results, facets, suggestion."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from . import confidence
from .build import read_current, search_root
from .handle import IndexHandle
from .languages import arrange, groups, preferred, strict
from .query import Plan, plan
from .scoring import docs_of, mask_of
from .snippets import Texts, section_of, term_pattern, window
from .spelling import correct
from .warm import replay, warm

MAX_PER_PAGE = 50
FACET_LIMIT = 20
log = logging.getLogger("generator.search")
Facets = dict[str, dict[str, int]]  # facet -> value -> pages


class NoIndexError(LookupError):
    """The site has no search index yet (no build has run ``build_index``)."""


class Searcher:
    """Reusable and thread-safe; picks up a new build (``CURRENT`` changed) at most once a second.

    ``recent``: searches readers made lately, most frequent first (the service reads them from its
    search log); each build opened runs them once before it answers (``warm.replay``), so a fresh
    worker or a new build starts with their caches filled. ``warmed``: how many searches the last
    build opened ran so."""

    def __init__(self, site_dir: Path | str, check_every: float = 1.0, recent: Sequence[str] = ()):
        self.root = search_root(site_dir)
        self.check_every = check_every
        self.recent = tuple(recent)
        self.warmed = 0
        self._handle: IndexHandle | None = None
        self._lock = threading.Lock()
        self._checked = 0.0
        self.refresh()

    # -- index lifecycle -------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Open the build ``CURRENT`` names if it is not the one open already. True if it switched."""
        with self._lock:
            self._checked = time.monotonic()
            name = read_current(self.root)
            if not name or (self._handle is not None and self._handle.dir.name == name):
                return False
            try:
                handle = IndexHandle(self.root / name)
                # The translation groups read every page's stored fields (~0.5 s at 5,000 pages):
                # here, on the thread that opens the build, not in the first search, which would
                # hold up every request in flight on the service's event loop.
                groups(handle)
            except Exception:  # noqa: BLE001 - a vanished or broken build: keep serving the old one
                return False
            warm(handle)  # the common words' scores, for the same reason (warm.py)
            _facet_masks(handle)  # every facet value's pages (~15 ms at 5,000 pages): the first search's
            if self.recent:
                started = time.monotonic()
                langs = sorted(v for v in _facet_sets(handle)["lang"] if v)
                self.warmed = replay(lambda q, reader: self._search(handle, q, reader=reader), self.recent, langs)
                log.info("search: ran %d recent searches on build %s in %.1f s, warming its caches",
                         self.warmed, name, time.monotonic() - started)
            # The old handle is not closed: a request may still be using it. Its files stay
            # readable after the next build deletes the directory, and GC closes them.
            self._handle = handle
            return True

    def handle(self) -> IndexHandle:
        # No build open yet: look every time (a cheap file read), so the first build is seen at once.
        # While another thread opens a new build (its warm-up and replay take seconds), answer
        # from the open one rather than wait for it.
        if self._handle is None or (time.monotonic() - self._checked >= self.check_every and not self._lock.locked()):
            self.refresh()
        if self._handle is None:
            raise NoIndexError(f"no search index in {self.root} yet: build the site first")
        return self._handle

    def stale(self) -> bool:
        """True when the next search first looks for a new build (and may open it, ~1 s)."""
        return self._handle is None or time.monotonic() - self._checked >= self.check_every

    def still_current(self) -> bool:
        """Look for a new build without opening one: True (and not stale for another
        ``check_every``) when ``CURRENT`` still names the open build. One read of a small file,
        cheap enough for an event loop, which then need not send every search that comes while
        it looks to a thread. False when there is a build to open (``handle`` opens it: call it
        on a thread) or another thread is opening one right now."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._handle is None or read_current(self.root) != self._handle.dir.name:
                return False
            self._checked = time.monotonic()
            return True
        except OSError:  # an unreadable CURRENT: ``handle`` on a thread deals with it as it always did
            return False
        finally:
            self._lock.release()

    @property
    def build_id(self) -> str | None:
        return self._handle.dir.name if self._handle else None

    # -- search ----------------------------------------------------------------------------------

    def search(self, q: str, lang: str | None = None, type: str | None = None, category: str | None = None, tag: str | None = None,
               version: str | None = None, page: int = 1, per_page: int = 10, reader: str | None = None,
               learned: dict[str, float] | None = None) -> dict[str, Any]:
        """``lang`` filters; ``reader`` is the language of the page searched from (ranks, never filters);
        ``learned`` is {page id: score factor} learned from readers for this query (see ``learned``)."""
        return self._search(self.handle(), q, lang, type, category, tag, version, page, per_page, reader, learned)

    def _search(self, h: IndexHandle, q: str, lang: str | None = None, type: str | None = None, category: str | None = None,
                tag: str | None = None, version: str | None = None, page: int = 1, per_page: int = 10,
                reader: str | None = None, learned: dict[str, float] | None = None) -> dict[str, Any]:
        q = (q or "").strip()
        page = max(1, int(page))
        per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
        allowed = _allowed(h, lang=lang, type=type, category=category, tag=tag, version=version)
        prefer = preferred(q, reader)
        p = plan(h, q, prefer)
        top = page * per_page
        matched, every, ranked = self._run(h, p, allowed, top, prefer, strict(q), learned)
        total = matched.bit_count()
        suggestion = None
        fixed, unknown = correct(h, q) if q else (None, False)
        if fixed:
            p2 = plan(h, fixed, prefer)
            matched2, every2, ranked2 = self._run(h, p2, allowed, top, prefer, strict(q), learned)
            total2 = matched2.bit_count()
            if total2 > total:
                suggestion = fixed
                # Typo tolerance: a word the index has never seen is a typo, so rank by the
                # correction; a rare but real word keeps its own results and only gets a suggestion.
                if unknown or not total:
                    p, matched, every, ranked, total = p2, matched2, every2, ranked2, total2
        results = self._page(h, p, ranked[(page - 1) * per_page : page * per_page])
        first = results if page == 1 else self._page(h, p, ranked[:1], snippets=False)
        return {
            "query": q,
            "total": total,
            "page": page,
            "per_page": per_page,
            "results": results,
            "facets": _facets(h, matched, total, every),
            "suggestion": suggestion,
            # "good" | "weak" | "none", judged on the first result of the whole answer (any page)
            "answer": confidence.verdict(first),
        }

    def _run(self, h: IndexHandle, p: Plan, allowed: set[int] | None, top: int, prefer: str | None, strictly: bool,
             learned: dict[str, float] | None = None) -> tuple[int, int, list[tuple[float, int, tuple[int, ...]]]]:
        """(matched mask with one page per translation group, the mask of every matching page,
        [(score, docnum, other members)] best first).

        The top pages in the preferred language and the top pages overall hold every page of the
        re-ranked top (other languages only lose score), so two cut-off runs are exact. Twice
        ``top`` leaves room for the members of a group folded into one result. Learned factors
        only raise scores, so the top plus the boosted matching pages hold the boosted top."""
        depth = 2 * top
        matched, ranked = h.scorer.run(p.slots, allowed, depth, p.title)
        lang_docs = h.postings("lang", prefer) if prefer else None
        # (when the top is already all in the preferred language, it is that language's top too)
        if lang_docs and len(lang_docs) < len(h.docs) and not all(d in lang_docs for _, d in ranked):
            # (unfiltered: the language's own pages, and their mask, as the handle keeps them)
            mine, mask = (lang_docs, h.postings_mask("lang", cast(str, prefer))) if allowed is None else (lang_docs & allowed, None)
            _, ranked_mine = h.scorer.run(p.slots, mine, depth, p.title, mask)
            ranked = list({d: (s, d) for s, d in [*ranked, *ranked_mine]}.values())
        if learned:
            ranked = _lift(h, p, matched, ranked, learned)
        every = matched
        g = groups(h)
        if g.of:
            matched &= ~g.hidden(matched, prefer, len(h.docs))
        return matched, every, arrange(h, ranked, matched, prefer, strictly)[:top]

    def _page(self, h: IndexHandle, p: Plan, ranked: list[tuple[float, int, tuple[int, ...]]], snippets: bool = True) -> list[dict[str, Any]]:
        pattern = term_pattern(p.highlight)
        per_slot = [h.scorer.slot(typed, alts, p.title) for typed, alts in p.slots]
        weights = confidence.slot_weights(per_slot, len(h.docs))
        strong = confidence.strong_sets(h, p.slots) if ranked else []
        sure_of = confidence.scorer(per_slot, strong, weights)
        texts = _texts(h)
        out = []
        for score, docnum, others in ranked:
            f = h.stored(docnum)
            snippet, first_match = window(_body(f), pattern, (texts, docnum)) if snippets else (None, None)
            section = None if first_match is None else section_of(f.get("sections") or (), first_match)
            sure = sure_of(docnum)
            out.append({
                "id": f["id"],
                "type": f.get("type"),
                "title": f.get("title"),
                "url": f.get("url"),
                "source": f.get("source"),
                "lang": f.get("lang"),
                "category": f.get("category") or None,
                "tags": [t for t in (f.get("tag") or "").split(",") if t],
                "snippet": snippet,
                "section": {"title": section.title, "anchor": section.anchor} if section else None,
                "score": round(score, 4),
                "confidence": round(sure, 3),
                "match": "good" if sure >= confidence.GOOD else "weak",
                "also_in": [_other(h, m) for m in others],
            })
        return out


def _lift(h: IndexHandle, p: Plan, matched: int, ranked: list[tuple[float, int]], learned: dict[str, float]) -> list[tuple[float, int]]:
    """``ranked`` with each learned page's score times its factor, the learned pages that match
    but were not in ``ranked`` added, best first (pages no longer in this build are skipped)."""
    factor = {h.docnum[i]: f for i, f in learned.items() if i in h.docnum and f > 1.0}
    factor = {d: f for d, f in factor.items() if matched >> d & 1}
    if not factor:
        return ranked
    scores = {d: s for s, d in ranked}
    missing = [d for d in factor if d not in scores]
    scores.update(zip(missing, h.scorer.scores(p.slots, missing, p.title)))
    return sorted(((s * factor.get(d, 1.0), d) for d, s in scores.items()), reverse=True)


def _body(fields: dict[str, Any]) -> str:
    """The text a result's snippet is cut from."""
    return fields.get("body") or ""


def _texts(h: IndexHandle) -> Texts:
    """The pages' texts with the snippets' memo (``snippets.Texts``), one per index handle."""
    cached = h.__dict__.get("_texts")
    if cached is None:
        cached = h.__dict__["_texts"] = Texts(lambda docnum: _body(h.stored(docnum)))
    return cast(Texts, cached)


def _other(h: IndexHandle, docnum: int) -> dict[str, Any]:
    f = h.stored(docnum)
    return {"id": f["id"], "lang": f.get("lang"), "title": f.get("title"), "url": f.get("url")}


def _allowed(h: IndexHandle, **filters: object) -> set[int] | None:
    allowed: set[int] | None = None
    for field, value in filters.items():
        if value is None or value == "":
            continue
        if field == "version":
            docs = h.version_set(str(value))
        else:
            docs = h.postings(field, str(value))
        allowed = set(docs) if allowed is None else allowed & docs
    return allowed


def _facets_by_loop(h: IndexHandle, docs: list[int]) -> Facets:
    counts: dict[str, dict[str, int]] = {"type": {}, "lang": {}, "category": {}, "tag": {}}
    infos = h.docs
    for n in docs:
        d = infos[n]
        for key, value in (("type", d.type), ("lang", d.lang), ("category", d.category)):
            if value:
                counts[key][value] = counts[key].get(value, 0) + 1
        for t in d.tags:
            counts["tag"][t] = counts["tag"].get(t, 0) + 1
    return {k: _most(c.items()) for k, c in counts.items()}


_COUNT = itemgetter(1)


def _most(counts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """``dict(Counter(dict(counts)).most_common(FACET_LIMIT))`` ((value, count) pairs; equal
    counts keep their order) without building the Counter and its heap: half of a broad
    query's facets' time."""
    ordered = sorted(counts, key=_COUNT, reverse=True)
    return dict(ordered[:FACET_LIMIT])


def _facet_sets(h: IndexHandle) -> dict[str, dict[str, frozenset[int]]]:
    """{facet: {value: docnums}} for the whole index, built once per index handle."""
    cached = h.__dict__.get("_facet_sets")
    if cached is None:
        sets: dict[str, dict[str, set[int]]] = {"type": {}, "lang": {}, "category": {}, "tag": {}}
        for n, d in enumerate(h.docs):
            sets["type"].setdefault(d.type, set()).add(n)
            sets["lang"].setdefault(d.lang, set()).add(n)
            if d.category:
                sets["category"].setdefault(d.category, set()).add(n)
            for t in d.tags:
                sets["tag"].setdefault(t, set()).add(n)
        cached = {k: {v: frozenset(ns) for v, ns in vals.items()} for k, vals in sets.items()}
        h.__dict__["_facet_sets"] = cached
    return cached


BROAD = 100  # matches above which counting by bit masks beats a loop over the matches (measured
# with bench/search_speed.py: a loop over 100-1,000 matches cost more than ANDing every facet value)


def _facet_masks(h: IndexHandle) -> dict[str, dict[str, int]]:
    """{facet: {value: mask of its docnums}} (see scoring.mask_of), built once per index handle."""
    cached = h.__dict__.get("_facet_masks")
    if cached is None:
        cached = {k: {v: mask_of(ns, len(h.docs)) for v, ns in vals.items()} for k, vals in _facet_sets(h).items()}
        h.__dict__["_facet_masks"] = cached
    return cached


def _facets(h: IndexHandle, matched: int, total: int, every: int | None = None) -> Facets:
    """Counts per facet value, each the total a click on that value would show: one per translation
    group (``matched``), except the language facet, which counts every matching page in that
    language (``every``): filtered to one language, a page's translation is not there to fold into."""
    out = _facets_by_mask_or_loop(h, matched, total)
    if every is not None and every != matched:
        langs = _facet_masks(h)["lang"]
        out["lang"] = _most([(v, n) for v, m in langs.items() if (n := (every & m).bit_count()) > 0])
    return out


def _facets_by_mask_or_loop(h: IndexHandle, matched: int, total: int) -> Facets:
    if total < BROAD:
        return _facets_by_loop(h, docs_of(matched, len(h.docs)))
    # A broad query's facets cost one AND and one bit count per value (microseconds), not a
    # Python loop over thousands of matching pages nor a set intersection per value.
    out: Facets = {}
    for key, values in _facet_masks(h).items():
        out[key] = _most([(v, n) for v, m in values.items() if (n := (matched & m).bit_count()) > 0])
    return out
