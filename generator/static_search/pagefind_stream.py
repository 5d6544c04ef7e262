"""Feed pages to Pagefind while they render, instead of crawling the finished site afterwards.

Pagefind's indexing service (the ``pagefind`` package, driving the same extended binary) runs in
its own process; handing it each page as MkDocs writes it lets it work on the second core during
the render, so the static index is ready moments after the last page instead of a crawl later.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future
from pathlib import Path

from .pagefind import EXCLUDE_SELECTORS, OUTPUT_SUBDIR, PagefindError

log = logging.getLogger("mkdocs.plugins.helpcenter.pagefind")


class PagefindStream:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind", daemon=True)
        self.pending: list[Future] = []
        self.index = None
        self.pages = 0
        self.started = time.monotonic()

    def start(self) -> "PagefindStream":
        from pagefind.index import PagefindIndex

        self.thread.start()
        self.index = PagefindIndex(config={"exclude_selectors": EXCLUDE_SELECTORS})
        self._run(self.index._start())  # the documented API is a context manager; we span events
        return self

    def add(self, html: str, url: str) -> None:
        """Queue one rendered page (site-relative ``url``, e.g. 'articles/x/'); returns at once."""
        self.pages += 1
        self.pending.append(asyncio.run_coroutine_threadsafe(
            self.index.add_html_file(content=html, url="/" + url), self.loop))

    def finish(self) -> dict:
        """Wait for every page, write the bundle beside the site and swap it in atomically."""
        try:
            for fut in self.pending:
                fut.result(timeout=600)
            with tempfile.TemporaryDirectory(prefix="kb-pagefind-", dir=self.site_dir) as tmp:
                out = Path(tmp) / OUTPUT_SUBDIR
                self._run(self.index.write_files(output_path=str(out)))
                if not (out / "pagefind.js").exists():
                    raise PagefindError("pagefind wrote no bundle")
                final, old = self.site_dir / OUTPUT_SUBDIR, self.site_dir / f".{OUTPUT_SUBDIR}.old"
                shutil.rmtree(old, ignore_errors=True)
                if final.exists():
                    final.rename(old)
                shutil.move(str(out), str(final))
                shutil.rmtree(old, ignore_errors=True)
        finally:
            self.close()
        seconds = round(time.monotonic() - self.started, 2)
        log.info("pagefind: indexed %d pages while rendering (%.1f s from first page)", self.pages, seconds)
        return {"pages": self.pages, "seconds": seconds}

    def close(self) -> None:
        if self.index is not None and self.index._service is not None:
            try:
                self._run(self.index._service.close())
            except Exception:  # noqa: BLE001 - closing a dead service must not hide the real error
                pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=600)
