"""Markdown -> HTML on every core: forked helpers render pages while MkDocs' own loop renders the rest.

MkDocs converts pages one after another (``_populate_page``: ``on_pre_page``, read, ``on_page_markdown``,
render, ``on_page_content``); on a help center that is two thirds of a build, on one core. Once the
navigation is final the plugin forks helper processes (``ParallelRender.start``). MkDocs' loop walks
the pages forward and renders each one itself unless a helper has claimed it; helpers claim pages
from the end backwards, so both sides meet in the middle whatever the pages cost.

A helper runs the same ``on_pre_page`` and ``on_page_markdown`` chain on its forked copy of the build,
renders, and sends back what ``Page.render`` sets, with the log records the render emitted (link
warnings), which the parent logs again so ``--strict`` counts them. The parent uses a helper's HTML
only if the Markdown the helper rendered is identical to its own (another plugin's
``on_page_markdown`` need not be deterministic); otherwise, or if a helper dies, it renders the page
itself. Every plugin event still runs in the parent, in MkDocs' order: only the pure Markdown
conversion moves.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import threading
from functools import partial

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from ..build.forked import cores
from . import engine

log = logging.getLogger("mkdocs.plugins.helpcenter")

MIN_PAGES = 20  # below this a fork costs more than it saves
# A helper that meets this many pages in a row the build cache already holds stops: after a small
# edit nearly every page is restored by the parent, and the helper's reading and preparing each page
# only to learn so took a core from the search index process (3 s of CPU at 5,000 pages).
GIVE_UP_AFTER_CACHED = 20
CACHED = object()  # what a helper's _render returns for a page the parent restores from the cache
RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids")
WAY_OUT = "build with `kb build -j 1` (plugin option render_processes: 1), which uses the engine's own loop"
def default_processes() -> int:
    """One process per core, at most four (the search index takes a core of its own)."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(4, cores()))


def _digest(markdown: str | None) -> bytes:
    return hashlib.blake2b((markdown or "").encode("utf-8"), digest_size=16).digest()


class _Capture(logging.Handler):
    """In a helper, takes every log record; keeps those emitted while a page renders."""

    def __init__(self) -> None:
        super().__init__()
        self.keep = False
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not self.keep:
            return  # on_pre_page / on_page_markdown run in the parent too: their records come from there
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _route_logs_to(handler: logging.Handler) -> None:
    loggers = [logging.getLogger()] + [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    for lg in loggers:
        if lg.handlers:
            lg.handlers = [handler]
    logging.lastResort = handler


class ParallelRender:
    def __init__(self, config, files, processes: int, render=Page.render, cached=None) -> None:
        self.config = config
        self.render = render  # Page.render, or a stand-in with the same signature (a time budget)
        self.cached = cached  # page -> True when the parent restores it from the build cache
        self.files = files
        self.processes = processes
        self.pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        self.index = {f.src_uri: i for i, f in enumerate(self.pages)}
        self.helpers: list = []
        self.readers: list[threading.Thread] = []
        self.results: dict[int, tuple] = {}
        self.alive = 0
        self.cond = threading.Condition()
        self.in_helper = False
        self.taken = 0
        ctx = multiprocessing.get_context("fork")
        self.lock = ctx.Lock()
        # [next page the parent may take, next page a helper may take]; helpers count down.
        self.bounds = ctx.RawArray("i", [0, len(self.pages) - 1])

    @classmethod
    def start(cls, config, files, processes: int, render=Page.render, cached=None) -> ParallelRender | None:
        if processes < 2 or not hasattr(os, "fork"):
            return None
        problem = engine.unsupported("parallel Markdown rendering (it stands in for Page.render)", WAY_OUT)
        if problem:
            raise PluginError(problem)
        self = cls(config, files, processes, render, cached)
        if len(self.pages) < MIN_PAGES:
            return None
        ctx = multiprocessing.get_context("fork")
        # Frozen objects are never scanned by the collector, so neither process touches (and
        # copies) the other's pages just by collecting garbage. They stay frozen: the collection
        # at interpreter exit would otherwise walk the whole build's objects (about 0.7 s at 5,000).
        gc.freeze()
        # Fork every helper before starting any thread: a fork copies no threads, only their locks.
        for _ in range(processes - 1):
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=self._helper_main, args=(send,), daemon=True)
            proc.start()
            send.close()
            self.helpers.append((proc, recv))
        self.alive = len(self.helpers)
        for _, recv in self.helpers:
            t = threading.Thread(target=self._read, args=(recv,), daemon=True)
            t.start()
            self.readers.append(t)
        log.info("rendering %d pages in %d processes", len(self.pages), processes)
        return self

    # -- parent ----------------------------------------------------------------------------------

    def before_render(self, page) -> None:
        """Called from on_pre_page: let a helper's result stand in for ``page.render`` if it claimed it."""
        if self.in_helper:
            return
        i = self.index.get(page.file.src_uri)
        if i is None:
            return
        with self.lock:
            if i <= self.bounds[1]:
                self.bounds[0] = i + 1
                return  # ours to render
        # An instance attribute shadows Page.render for this one call.
        page.render = partial(self._take, page, i)

    def _take(self, page, i: int, config, files) -> None:
        del page.render
        result = self._wait(i)
        if result is None or result[0] != _digest(page.markdown):
            self.render(page, config, files)
            return
        _, attrs, links, records = result
        for name, value in attrs.items():
            setattr(page, name, value)
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(src): v for src, v in links.items() if files.get_file_from_path(src)}
        for record in records:
            logging.getLogger(record.name).handle(record)
        self.taken += 1

    def _wait(self, i: int):
        with self.cond:
            while i not in self.results and self.alive:
                self.cond.wait()
            return self.results.pop(i, None)

    def _read(self, conn) -> None:
        try:
            while True:
                i, result = conn.recv()
                with self.cond:
                    self.results[i] = result
                    self.cond.notify_all()
        except (EOFError, OSError):
            pass
        finally:
            with self.cond:
                self.alive -= 1
                self.cond.notify_all()

    def close(self) -> None:
        for proc, _ in self.helpers:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        for t in self.readers:
            t.join(timeout=5)
        if self.helpers:
            log.info("helper processes rendered %d of %d pages", self.taken, len(self.pages))

    # -- helper (forked) -------------------------------------------------------------------------

    def _helper_main(self, conn) -> None:
        self.in_helper = True
        capture = _Capture()
        _route_logs_to(capture)
        cached_in_a_row = 0
        try:
            while cached_in_a_row < GIVE_UP_AFTER_CACHED:
                with self.lock:
                    j = self.bounds[1]
                    if j < self.bounds[0]:
                        break
                    self.bounds[1] = j - 1
                result = self._render(self.pages[j], capture)
                cached_in_a_row = cached_in_a_row + 1 if result is CACHED else 0
                conn.send((j, None if result is CACHED else result))
        except (BrokenPipeError, EOFError, OSError):
            pass  # the parent is gone or stopped us
        finally:
            conn.close()

    def _render(self, file, capture: _Capture):
        config, files = self.config, self.files
        try:
            page = file.page if file.page is not None else Page(None, file, config)
            config._current_page = page
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            if self.cached is not None and self.cached(page):
                return CACHED  # the parent restores it: nothing to convert
            capture.records = []
            capture.keep = True
            try:
                self.render(page, config, files)
            finally:
                capture.keep = False
        except Exception:  # noqa: BLE001 - the parent renders this page itself and reports the error
            return None
        links = page.links_to_anchors
        return (
            _digest(page.markdown),
            {name: getattr(page, name) for name in RENDERED},
            None if links is None else {f.src_uri: v for f, v in links.items()},
            capture.records,
        )
