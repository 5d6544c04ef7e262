"""Build the search index in a second process while MkDocs renders pages in the first.

Indexing (mostly jieba segmenting Chinese) costs about as much as rendering; on a machine with two
cores running both at once keeps the full build as fast as a plain Material build. The child also
computes each page's related pages (text similarity fused with shared tags), which the parent
renders once the Markdown is converted: it ranks them from the analysed documents and hands them
over first, then writes the whoosh index while the parent renders templates. With the build cache,
both steps start from the last build's work: each unchanged page's analysis, and the related
ranking of every page an edit cannot reach (``related_reuse``).
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import tempfile
import traceback
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..build.forked import fork, outcome, spare_core, stop
from ..content.model import ContentSet

if TYPE_CHECKING:
    from ..build.cache import BuildCache


def _index(content: ContentSet, site_dir: str, build_id: str, cache: BuildCache | None,
           ranked: Callable[[dict[str, list[str]]], None]) -> dict[str, Any]:
    """Analyse every page, rank related pages (handed to ``ranked`` as soon as they are) and publish
    the index; returns its figures."""
    from ..site.context import related_pages
    from .build import PreparedIndex
    from .related import DocTable, related_map

    prepared = PreparedIndex(content, site_dir, build_id=build_id, cache=cache)
    # Related pages first, from the analysed documents: the parent needs them before templates
    # render, and whoosh's writing (most of this stage's time) goes on beside the templates.
    table = DocTable(prepared.docs, prepared.written)
    related = related_pages(content, related_map(content, table, limit=10, cache=cache), tags=_tag_neighbours(content, cache))
    table.close()
    ranked(related)
    if cache is not None:
        cache.flush()  # written while the parent renders; it prunes only once this stage has ended
    result = prepared.publish()
    return {"docs": result.docs, "seconds": result.seconds}


def _child(content: ContentSet, site_dir: str, build_id: str, out_path: str, cache: BuildCache | None,
           ready: Connection) -> None:
    # A short-lived process that allocates hundreds of thousands of objects and frees them at exit:
    # the collector's passes over them cost about 5 % of its CPU and find almost nothing.
    gc.disable()
    told = False

    def ranked(related: dict[str, list[str]]) -> None:
        nonlocal told
        Path(out_path + RELATED).write_text(json.dumps(related), encoding="utf-8")
        ready.send_bytes(b"related")
        told = True

    try:
        payload: dict[str, Any] = {"ok": True, **_index(content, site_dir, build_id, cache, ranked)}
    except BaseException:  # noqa: BLE001 - reported to the parent, which decides
        payload = {"ok": False, "error": traceback.format_exc()}
    Path(out_path).write_text(json.dumps(payload), encoding="utf-8")
    if not told:
        ready.send_bytes(b"failed")


def _tag_neighbours(content: ContentSet, cache: BuildCache | None) -> Mapping[str, list[str]]:
    """Every article's shared-tag neighbours, kept in the build cache by every page's id, kind,
    language, tags, category and title in order (all they are ranked from): an edit to a body
    leaves them as they were, and ranking 5,000 articles again was ~0.3 s of this process."""
    from ..site.context import CAPPED, tag_overlap_related

    if cache is None:
        return tag_overlap_related(content, limit=10)  # (ranks a page only when asked)
    from ..build.cache import digest

    key = digest("tag-neighbours", CAPPED, [(p.id, p.type, p.lang, list(p.tags), p.category, p.title) for p in content.pages])
    kept = cache.get(key)
    if isinstance(kept, dict):
        return kept
    ranked = dict(tag_overlap_related(content, limit=10))  # every article ranked, to keep
    cache.put(key, ranked)
    return ranked


RELATED = ".related"  # suffix of the file holding the related pages, ready before the index is


class BackgroundIndex:
    """``start()`` forks; ``related()`` waits for the related pages, ``result()`` for the published
    index (both raise when the child failed). Without a spare core the index is made at ``start``,
    in the build's own process (generator/build/forked.py says why)."""

    def __init__(self, content: ContentSet, site_dir: Path, build_id: str, cache: BuildCache | None = None) -> None:
        self.content = content
        self.cache = cache  # the build cache: analyzed documents from the last build
        self.site_dir = site_dir
        self.build_id = build_id
        self.out_path = ""  # the child's result file (and its related pages' beside it)
        self.process: multiprocessing.process.BaseProcess | None = None
        self._ready: Connection | None = None
        self._told: bytes | None = None  # what the child said once it ranked the related pages
        self._here: tuple[bool, Any] | None = None  # the outcome, when the index was made in this process
        self._related: dict[str, list[str]] | None = None

    def start(self) -> BackgroundIndex:
        # Frozen objects are never scanned by the collector: the loaded content lives as long as the
        # build, and every full collection walked it (with a child, writing to, and so copying, every
        # memory page it shares with the parent; on one core, 1.6 s of a cold build at 5,000 pages).
        gc.freeze()
        if not spare_core():
            self._here = outcome(_index, self.content, str(self.site_dir), self.build_id, self.cache, self._ranked_here)
            return self
        fd, self.out_path = tempfile.mkstemp(prefix="kb-index-", suffix=".json")
        os.close(fd)
        # fork: the child gets the loaded content without pickling thousands of pages.
        self.process, self._ready = fork(_child, self.content, str(self.site_dir), self.build_id, self.out_path, self.cache)
        return self

    def _ranked_here(self, related: dict[str, list[str]]) -> None:
        self._related = related

    def cancel(self) -> None:
        """Stop the child and remove its result files (a failed build leaves nothing behind)."""
        stop(self.process, self._ready)
        self._ready = None
        if self.out_path:
            for path in (self.out_path, self.out_path + RELATED):
                Path(path).unlink(missing_ok=True)

    def related(self) -> dict[str, list[str]]:
        """Each page's related pages, as soon as the child has ranked them (before it writes the index)."""
        if self._here is not None:
            if self._related is None:
                self.result()  # raises with the error
            assert self._related is not None
            return self._related
        told = self._told if self._told is not None else self._ranked()
        if told != b"related":
            self.result()  # raises with the child's error
            raise RuntimeError("search indexing process ended without ranking related pages")
        path = Path(self.out_path + RELATED)
        try:
            related: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        finally:
            path.unlink(missing_ok=True)
        return related

    def result(self) -> dict[str, Any]:
        if self._here is not None:
            ok, value = self._here
            if not ok:
                raise RuntimeError("search indexing failed:\n" + value)
            return {"ok": True, **value}
        assert self.process is not None, "start() first"
        self.process.join()
        self._close_pipe()
        Path(self.out_path + RELATED).unlink(missing_ok=True)
        try:
            text = Path(self.out_path).read_text(encoding="utf-8")
        finally:
            Path(self.out_path).unlink(missing_ok=True)
        if not text:
            raise RuntimeError(f"search indexing process died (exit code {self.process.exitcode})")
        payload: dict[str, Any] = json.loads(text)
        if not payload["ok"]:
            raise RuntimeError("search indexing failed:\n" + payload["error"])
        return payload

    def _ranked(self) -> bytes:
        """The child's word that the related pages are ready (b"related"), or why not."""
        assert self.process is not None and self._ready is not None, "start() first"
        try:
            told = self._ready.recv_bytes()
        except EOFError:
            told = b""
        self._close_pipe()
        return told

    def _close_pipe(self) -> None:
        if self._ready is not None:
            self._ready.close()
            self._ready = None
