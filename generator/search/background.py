"""Build the search index in a second process while MkDocs renders pages in the first.

Indexing (mostly jieba segmenting Chinese) costs about as much as rendering; on a machine with two
cores running both at once keeps the full build as fast as a plain Material build. The child also
computes each page's related pages (text similarity fused with shared tags), which the parent
renders once the Markdown is converted.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.model import ContentSet

if TYPE_CHECKING:
    from ..build.cache import BuildCache


def _child(content: ContentSet, site_dir: str, build_id: str, out_path: str, cache: BuildCache | None = None) -> None:
    from ..site.context import related_pages
    from . import Searcher, build_index, related_map

    # A short-lived process that allocates hundreds of thousands of objects and frees them at exit:
    # the collector's passes over them cost about 5 % of its CPU and find almost nothing.
    gc.disable()
    try:
        result = build_index(content, site_dir, build_id=build_id, cache=cache)
        if cache is not None:
            cache.close()
        related = related_pages(content, related_map(content, Searcher(site_dir), limit=10))
        payload = {"ok": True, "docs": result.docs, "seconds": result.seconds, "related": related}
    except BaseException:  # noqa: BLE001 - reported to the parent, which decides
        payload = {"ok": False, "error": traceback.format_exc()}
    Path(out_path).write_text(json.dumps(payload), encoding="utf-8")


class BackgroundIndex:
    """``start()`` forks; ``result()`` waits and returns the child's payload (or raises)."""

    def __init__(self, content: ContentSet, site_dir: Path, build_id: str, cache: BuildCache | None = None) -> None:
        self.content = content
        self.cache = cache  # the build cache: analyzed documents from the last build
        self.site_dir = site_dir
        self.build_id = build_id
        fd, self.out_path = tempfile.mkstemp(prefix="kb-index-", suffix=".json")
        os.close(fd)
        self.process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> BackgroundIndex:
        # fork: the child gets the loaded content without pickling thousands of pages.
        ctx = multiprocessing.get_context("fork")
        # Frozen objects are never scanned by the collector, so the child's collections do not
        # write to (and so copy) every page of the build's memory it shares with the parent.
        gc.freeze()
        self.process = ctx.Process(
            target=_child, args=(self.content, str(self.site_dir), self.build_id, self.out_path, self.cache), daemon=True,
        )
        self.process.start()
        return self

    def cancel(self) -> None:
        """Stop the child and remove its result file (a failed build leaves nothing behind)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        if self.process is not None:
            self.process.join()
        Path(self.out_path).unlink(missing_ok=True)

    def result(self) -> dict[str, Any]:
        assert self.process is not None, "start() first"
        self.process.join()
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
