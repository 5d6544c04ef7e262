"""Run the Pagefind *extended* binary (from the ``pagefind-bin-extended`` wheel) for a built site.

Pagefind writes a chunked index into ``<site>/pagefind/``: the browser loads ``pagefind.js``, a
small WebAssembly module, the language's metadata and then only the index chunks and result
fragments a query needs (about 180 kB for a first query at 5,000 pages, against Material's whole
``search_index.json``). The extended binary segments Chinese; it picks each page's language from
``<html lang>``.

Two ways in:

* ``PagefindBuild``: the generator hands over each help-center page's content (title, language,
  filters, the rendered Markdown) as soon as it is converted, Pagefind indexes bare copies of those
  pages (written by a thread) while the site's templates render, and ``finish`` moves the bundle into
  the site. ``kb build`` uses it; the bare page carries exactly what the site's page holds inside
  ``data-pagefind-body`` (theme ``main.html`` and ``partials/kb-pagefind.html``).
* ``build_pagefind(site_dir)``: crawl a finished site, indexing what is inside
  ``data-pagefind-body``.

Chrome that sits inside the content is excluded with ``exclude_selectors`` (equivalent to
``data-pagefind-ignore``, kept in one place).
"""

from __future__ import annotations

import html
import json
import logging
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.helpcenter.pagefind")

OUTPUT_SUBDIR = "pagefind"
# Inside data-pagefind-body but not content: the meta line, tags, feedback widget, related list,
# Material's edit/view actions, source-file dates, heading permalinks, the contribute link.
EXCLUDE_SELECTORS = [
    "[data-pagefind-ignore]",
    ".kb-breadcrumbs",
    ".kb-meta",
    ".kb-tags",
    ".kb-stale",
    ".kb-feedback",
    ".kb-related",
    ".md-content__button",
    ".md-source-file",
    ".headerlink",
    ".md-feedback",
    ".kb-contribute",
]

Progress = Callable[[int, int, str], None]


class PagefindError(RuntimeError):
    pass


def pagefind_executable() -> Path:
    """The extended binary shipped in the ``pagefind-bin-extended`` wheel (it segments Chinese)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise PagefindError("pagefind-bin-extended is not installed (pip install pagefind-bin-extended)") from exc
    return Path(get_executable())


@dataclass
class IndexedPage:
    """One page for the static index, as the site will publish it."""

    path: str  # the page's HTML file relative to the site root: Pagefind derives the URL from it
    lang: str
    title: str
    content: str  # the page's body HTML (its rendered Markdown)
    filters: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


def bare_page(page: IndexedPage) -> str:
    """The page as Pagefind needs it: language, filters and metadata, title and content."""
    esc = html.escape
    hidden = "".join(f'<span data-pagefind-filter="{esc(k)}">{esc(v)}</span>' for k, v in page.filters.items() if v)
    hidden += "".join(f'<span data-pagefind-meta="{esc(k)}">{esc(v)}</span>' for k, v in page.meta.items() if v)
    # As theme/partials/content.html: a page whose Markdown has no H1 gets its title as one.
    h1 = "" if "<h1" in page.content else f"<h1>{esc(page.title)}</h1>"
    return (f'<!DOCTYPE html><html lang="{esc(page.lang)}"><head><meta charset="utf-8"><title>{esc(page.title)}</title></head>'
            f'<body><div data-pagefind-body><div hidden data-pagefind-ignore>{hidden}</div>{h1}{page.content}</div></body></html>')


class PagefindBuild:
    """Pagefind over bare copies of the pages, beside the site's render.

    ``add`` each page, ``start``, then ``finish(site_dir)`` once the site is written (it waits for
    Pagefind and swaps the bundle in). ``cancel`` stops it and removes its files."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="kb-pagefind-"))
        self.pages: list[IndexedPage] = []
        self.thread: threading.Thread | None = None
        self.proc: subprocess.Popen[str] | None = None
        self.result: dict[str, Any] | None = None
        self.cancelled = False
        self.started = 0.0

    def add(self, page: IndexedPage) -> None:
        self.pages.append(page)

    def start(self) -> PagefindBuild:
        # A thread writes the bare pages (mostly file I/O, which lets the render go on) and runs
        # the Pagefind binary. It used to be a forked Python process: the fork's copy-on-write
        # faults and a second interpreter cost more CPU than writing the files here.
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._run, args=(self.pages,), name="pagefind", daemon=True)
        self.thread.start()
        log.info("pagefind: indexing %d pages in the background", len(self.pages))
        self.pages = []
        return self

    def _run(self, pages: list[IndexedPage]) -> None:
        try:
            pages_dir = self.tmp / "pages"
            for page in pages:
                if self.cancelled:
                    return
                target = pages_dir / page.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(bare_page(page), encoding="utf-8")
            if self.cancelled:
                return
            self.proc = _start(self.tmp, pages_dir, self.tmp / "bundle")
            if self.cancelled:
                self.proc.kill()
            stdout, stderr = self.proc.communicate()
            self.result = {"returncode": self.proc.returncode, "stdout": stdout, "stderr": stderr}
        except Exception as exc:  # noqa: BLE001 - reported by finish() as a failed run
            self.result = {"returncode": -1, "stdout": "", "stderr": f"{type(exc).__name__}: {exc}"}

    def finish(self, site_dir: Path, progress: Progress | None = None, *, timeout: float = 900) -> dict[str, Any]:
        assert self.thread is not None, "start() first"
        try:
            if progress:
                progress(0, 1, "pagefind")
            self.thread.join(timeout)
            r = self.result
            if self.thread.is_alive() or r is None:
                raise PagefindError("pagefind did not finish")
            stats = _install(r["returncode"], r["stdout"], r["stderr"], self.tmp / "bundle", Path(site_dir).resolve(), self.started)
        finally:
            self.cancel()
        if progress:
            progress(1, 1, "pagefind")
        return stats

    def cancel(self) -> None:
        self.cancelled = True
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.thread is not None:
            self.thread.join()
        shutil.rmtree(self.tmp, ignore_errors=True)


def build_pagefind(site_dir: Path, progress: Progress | None = None, *, timeout: float = 900) -> dict[str, Any]:
    """Index a finished ``site_dir`` into ``site_dir/pagefind/``; returns {"pages", "languages", "seconds", "bytes"}.

    The previous bundle is replaced only when the new one is complete (built beside it, then renamed).
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise PagefindError(f"{site_dir} is not a built site")
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kb-pagefind-") as tmp:
        tmp_path = Path(tmp)
        if progress:
            progress(0, 1, "pagefind")
        proc = _start(tmp_path, site_dir, tmp_path / "bundle")
        stdout, stderr = proc.communicate(timeout=timeout)
        stats = _install(proc.returncode, stdout, stderr, tmp_path / "bundle", site_dir, start)
    if progress:
        progress(1, 1, "pagefind")
    return stats


def _start(workdir: Path, pages: Path, out: Path) -> subprocess.Popen[str]:
    # Pagefind reads pagefind.json from its working directory; a private one keeps any project
    # config out and the exclusions in one place.
    (workdir / "pagefind.json").write_text(json.dumps({
        "site": str(pages),
        "output_path": str(out),
        "exclude_selectors": EXCLUDE_SELECTORS,
        # An old bundle inside the site is never indexed, nor anything but pages.
        "glob": "**/*.html",
    }), encoding="utf-8")
    return subprocess.Popen([str(pagefind_executable())], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _install(returncode: int, stdout: str, stderr: str, out: Path, site_dir: Path, started: float) -> dict[str, Any]:
    """Check Pagefind's run and move its bundle to ``site_dir/pagefind`` (the old one goes last)."""
    if returncode != 0 or not (out / "pagefind.js").exists():
        raise PagefindError(f"pagefind failed ({returncode}):\n{stdout[-4000:]}\n{stderr[-4000:]}")
    stats = _parse_stats(stdout)
    final = site_dir / OUTPUT_SUBDIR
    old = site_dir / f".{OUTPUT_SUBDIR}.old"
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    shutil.move(str(out), str(final))
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
    stats["seconds"] = round(time.monotonic() - started, 2)
    stats["bytes"] = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    log.info("pagefind: indexed %s pages (%s) in %.1f s into %s/", stats.get("pages", "?"),
             ", ".join(stats.get("languages", [])) or "?", stats["seconds"], OUTPUT_SUBDIR)
    return stats


def _parse_stats(stdout: str) -> dict[str, Any]:
    """Pull the page count and languages out of Pagefind's summary (best effort; logging only)."""
    import re

    stats: dict[str, Any] = {"languages": []}
    m = re.search(r"Indexed (\d+) pages?", stdout)
    if m:
        stats["pages"] = int(m.group(1))
    m = re.search(r"Discovered \d+ languages?: ([\w, -]+)", stdout)  # Pagefind 1.x
    if m:
        stats["languages"] = [lang.strip() for lang in m.group(1).split(",") if lang.strip()]
    return stats
