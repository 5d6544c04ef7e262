"""Run the Pagefind *extended* binary (from the ``pagefind-bin-extended`` wheel) over a built site.

Pagefind writes a chunked index into ``<site>/pagefind/``: the browser loads ``pagefind.js``, a
small WebAssembly module, the language's metadata and then only the index chunks and result
fragments a query needs (about 180 kB for a first query at 5,000 pages, against Material's whole
``search_index.json``). The extended binary segments Chinese; it picks each page's language from
``<html lang>``, which the helpcenter plugin writes per page.

What is indexed is decided by the theme: ``main.html`` wraps each help-center page's content in
``data-pagefind-body`` and ``partials/kb-pagefind.html`` adds the ``lang``/``type``/``category``
filters and the ``id``/``type`` metadata. Pages without ``data-pagefind-body`` (listings, the
search page, the home page) are left out. Chrome that sits inside the content is excluded here with
``exclude_selectors`` (equivalent to ``data-pagefind-ignore``, kept in one place).
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

log = logging.getLogger("mkdocs.plugins.helpcenter.pagefind")

OUTPUT_SUBDIR = "pagefind"
# Inside data-pagefind-body but not content: the meta line, tags, feedback widget, related list,
# Material's edit/view actions, source-file dates, heading permalinks.
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


def build_pagefind(site_dir: Path, progress: Progress | None = None, *, timeout: float = 900) -> dict:
    """Index ``site_dir`` into ``site_dir/pagefind/``; returns {"pages", "languages", "seconds", "bytes"}.

    The previous bundle is replaced only when the new one is complete (built beside it, then renamed).
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise PagefindError(f"{site_dir} is not a built site")
    exe = pagefind_executable()
    final = site_dir / OUTPUT_SUBDIR
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kb-pagefind-") as tmp:
        tmp_path = Path(tmp)
        out = tmp_path / "bundle"
        # Pagefind reads pagefind.json from its working directory; a private one keeps any project
        # config out and the exclusions in one place.
        (tmp_path / "pagefind.json").write_text(json.dumps({
            "site": str(site_dir),
            "output_path": str(out),
            "exclude_selectors": EXCLUDE_SELECTORS,
            # The old bundle (if any) is inside the site; never index it or anything but pages.
            "glob": "**/*.html",
        }), encoding="utf-8")
        if progress:
            progress(0, 1, "pagefind")
        proc = subprocess.run([str(exe)], cwd=tmp_path, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not (out / "pagefind.js").exists():
            raise PagefindError(f"pagefind failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
        stats = _parse_stats(proc.stdout)
        old = site_dir / f".{OUTPUT_SUBDIR}.old"
        if old.exists():
            shutil.rmtree(old)
        if final.exists():
            final.rename(old)
        shutil.move(str(out), str(final))
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
    stats["seconds"] = round(time.monotonic() - start, 2)
    stats["bytes"] = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    if progress:
        progress(1, 1, "pagefind")
    log.info("pagefind: indexed %s pages (%s) in %.1f s into %s/", stats.get("pages", "?"),
             ", ".join(stats.get("languages", [])) or "?", stats["seconds"], OUTPUT_SUBDIR)
    return stats


def _parse_stats(stdout: str) -> dict:
    """Pull the page count and languages out of Pagefind's summary (best effort; logging only)."""
    import re

    stats: dict = {"languages": []}
    m = re.search(r"Indexed (\d+) pages?", stdout)
    if m:
        stats["pages"] = int(m.group(1))
    for lang in re.findall(r"Language ([\w-]+):", stdout):
        stats["languages"].append(lang)
    return stats
