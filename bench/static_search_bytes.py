"""Bytes a first static search costs in Chromium, at N synthetic articles.

    .venv/bin/python bench/static_search_bytes.py --size 5000 [--out bench/out] [--query baseline --query 关键路径]

Generates (or reuses) ``<out>/kb-<size>`` with bench/synth.py, renders every article with
python-markdown, indexes the pages as ``kb build`` does (``generator.static_search``), adds a results page and a header search box driven by the theme's
``search.js``, and serves it all as ``kb serve`` serves a site (``feedback_api.static.site_files``,
which compresses what is worth compressing). Chromium then types each query into the header box,
and on a fresh page submits it on the results page; every response from the first keystroke until
the results are shown and the network is idle is summed as the browser received it (headers + body
on the wire, any worker included).

tests/browser/test_search_ui.py runs the same measurement at a smaller size; this script gives the
5,000-article figure in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("baseline", "关键路径")

HEADER_BOX = """<div class="md-search kb-hsearch" data-kb-search-box><div class="md-search__inner" role="search">
<form class="md-search__form" name="kb-search" method="get" action="/search/">
<input type="search" name="q" id="kb-hsearch-q" role="combobox" aria-expanded="false" aria-controls="kb-hsearch-list" autocomplete="off"></form>
<div class="md-search__output"><div id="kb-hsearch-status" role="status"></div><ul id="kb-hsearch-list" role="listbox"></ul></div></div></div>"""

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="kb-search" content='{meta}'></head>
<body><header>{header}</header>
<main>{main}</main>
<script id="kb-config" type="application/json">{{"api": "/api/v1"}}</script>
<script src="/assets/kb/search.js" defer></script>
</body></html>
"""

RESULTS = """<div id="kb-search" class="kb-search" data-lang="{lang}">
<form role="search"><input id="kb-search-q" name="q" type="search"><button type="submit">Search</button></form>
<div class="kb-search__layout"><div class="kb-search__facets" hidden></div><div class="kb-search__results"></div></div>
</div>"""


def synthetic_site(kb_dir: Path, site: Path) -> dict:
    """The articles of a bench/synth.py help center indexed as `kb build` indexes them, plus a page
    with the header box (``/``) and the results page (``/search/``). Returns the index's stats."""
    import markdown
    import yaml

    from generator.static_search import document, write_index
    from generator.static_search.pages import page_url

    info = json.loads((kb_dir / synth.MARKER).read_text(encoding="utf-8"))
    if site.exists():
        shutil.rmtree(site)
    md = markdown.Markdown(extensions=["toc", "tables", "admonition", "fenced_code", "attr_list"])
    pages = []
    for rel in info["paths"]:
        _, fm, body = (kb_dir / rel).read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(fm)
        md.reset()
        lang = front.get("lang") or ("zh" if "/zh/" in rel else "en")
        category = front.get("category", "")
        pages.append(document(page_url(str(Path(rel).with_suffix("") / "index.html")), lang, front["title"], md.convert(body),
                              {"id": front.get("id", rel), "type": "article", "category": category}))
    site.mkdir(parents=True)
    stats = write_index(site, pages)
    meta = json.dumps({"lang": "en", "default_lang": "en", "langs": ["en", "zh"], "static": "index"})
    (site / "index.html").write_text(PAGE.format(lang="en", title="Home", meta=meta, header=HEADER_BOX, main="<h1>Home</h1>"),
                                     encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(
        PAGE.format(lang="en", title="Search", meta=meta, header="", main=RESULTS.format(lang="en")), encoding="utf-8")
    (site / "assets" / "kb").mkdir(parents=True)
    shutil.copy(ROOT / "theme" / "assets" / "kb" / "search.js", site / "assets" / "kb" / "search.js")
    return stats


class SiteServer:
    """The site as `kb serve` serves it, on a free port, in a thread."""

    def __init__(self, site: Path) -> None:
        import uvicorn
        from starlette.applications import Starlette
        from starlette.routing import Mount

        from feedback_api.static import site_files

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        app = Starlette(routes=[Mount("/", app=site_files(site))])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the site server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class Traffic:
    """Every response a page receives, with its size on the wire (headers + body), workers included."""

    def __init__(self, page) -> None:
        self.entries: list[tuple[str, int]] = []
        self.urls: list[str] = []  # every request, answered or not
        self.pending = 0  # requests sent and neither answered nor failed yet
        self.last = time.monotonic()  # when a request last started or ended
        page.on("request", self._sent)
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._ended)

    def _sent(self, request) -> None:
        self.urls.append(request.url)
        self.pending += 1
        self.last = time.monotonic()

    def _ended(self, request) -> None:
        self.pending -= 1
        self.last = time.monotonic()

    def _done(self, request) -> None:
        self._ended(request)
        try:
            sizes = request.sizes()
            body = sizes["responseBodySize"]
            if not body:  # Chromium reports 0 for a worker's own script; trust its Content-Length
                response = request.response()
                body = int((response and response.headers.get("content-length")) or 0)
            self.entries.append((request.url, body + sizes["responseHeadersSize"]))
        except Exception:  # noqa: BLE001 - a request that vanished with its page
            pass

    def settle(self, page, quiet: float = 0.5, limit: float = 30) -> None:
        """Until nothing is on its way and nothing started for ``quiet`` seconds. Playwright's sync API
        delivers events only while it waits (page.wait_for_timeout), never during time.sleep: a
        worker's requests, finished before the results showed, may not have been counted yet."""
        deadline = time.monotonic() + limit
        while self.pending > 0 or time.monotonic() - self.last < quiet:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.pending} requests still on their way after {limit} s")
            page.wait_for_timeout(50)

    def mark(self) -> int:
        return len(self.entries)

    def since(self, mark: int) -> list[tuple[str, int]]:
        return self.entries[mark:]


def first_query(browser, url: str, query: str, where: str) -> list[tuple[str, int]]:
    """The responses of one first query, ``where`` = "header" (as you type) or "results" (Enter)."""
    ctx = browser.new_context()
    ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = ctx.new_page()
    page.route("**/api/**", lambda route: route.fulfill(status=404, content_type="text/html", body="<h1>404</h1>"))
    traffic = Traffic(page)
    try:
        if where == "header":
            page.goto(f"{url}/")
            traffic.settle(page)
            mark = traffic.mark()
            page.locator("#kb-hsearch-q").press_sequentially(query, delay=30)
            page.wait_for_selector("#kb-hsearch-list [role=option]", timeout=60000)
        else:
            page.goto(f"{url}/search/")
            traffic.settle(page)
            mark = traffic.mark()
            page.locator("#kb-search-q").fill(query)
            page.locator("#kb-search-q").press("Enter")
            page.wait_for_selector(".kb-search__list li", timeout=60000)
        traffic.settle(page)
        return traffic.since(mark)
    finally:
        ctx.close()


def kind(url: str) -> str:
    path = url.split("?")[0]
    for pattern, name in ((r"/static-search/meta\.json$", "meta"), (r"/static-search/terms/", "term shards"),
                          (r"/static-search/facets\.json$", "facets"), (r"/static-search/docs/", "documents")):
        if re.search(pattern, path):
            return name
    return "other"


def summary(rows: list[tuple[str, int]]) -> str:
    by: dict[str, list[int]] = defaultdict(list)
    for u, n in rows:
        by[kind(u)].append(n)
    return ", ".join(f"{k} {sum(v):,}" + (f" ({len(v)})" if len(v) > 1 else "") for k, v in sorted(by.items(), key=lambda kv: -sum(kv[1])))


def measure(site: Path, queries=QUERIES, chromium: str = CHROMIUM) -> dict:
    """{(query, where): [(url, bytes), ...]} for every query, in the header box and on the results page."""
    from playwright.sync_api import sync_playwright

    out = {}
    with SiteServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-background-networking",
                                                                     "--disable-gpu", "--disable-component-update"])
        try:
            for q in queries:
                for where in ("header", "results"):
                    out[(q, where)] = first_query(browser, server.url, q, where)
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--query", action="append", help=f"a first query (repeatable) [{', '.join(QUERIES)}]")
    ap.add_argument("--chromium", default=CHROMIUM)
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    kb_dir = out / f"kb-{args.size}"
    info, _ = synth.reuse_or_generate(kb_dir, args.size, args.seed)
    t0 = time.perf_counter()
    stats = synthetic_site(kb_dir, out / f"site-static-{args.size}")
    print(f"{args.size:,} articles ({info['zh']} Chinese): static index of {stats['pages']} pages, {stats['shards']} shards, "
          f"{stats['bytes']:,} bytes; site built in {time.perf_counter() - t0:.0f} s, the index written in {stats['seconds']} s")
    results = measure(out / f"site-static-{args.size}", tuple(args.query or QUERIES), args.chromium)
    print("\n| query | where | bytes on the wire | responses | of which |\n|---|---|---|---|---|")
    for (q, where), rows in results.items():
        print(f"| {q} | {where} | {sum(n for _, n in rows):,} | {len(rows)} | {summary(rows)} |")
    (out / f"static-search-bytes-{args.size}.json").write_text(json.dumps(
        {"size": args.size, "results": [{"query": q, "where": w, "responses": rows} for (q, w), rows in results.items()]},
        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
