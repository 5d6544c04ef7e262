"""GET /api/v1/search and POST /api/v1/search/click."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from pathlib import Path

import orjson
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from feedback_api.bodies import read_json, validate
from feedback_api.errors import ApiError
from generator.search import NoIndexError, Searcher

from . import analytics
from .learning import Learned, record

log = logging.getLogger("feedback_api.search")
MAX_QUERY = 500
MAX_PAGE = 100
FILTERS = ("lang", "type", "category", "tag", "version")
# The analytics row keeps lang in a 16-character column (models.SearchQuery); the others are
# joined into its 200-character filters column, cut to fit.
MAX_FILTER = {"lang": 16, "type": 100, "category": 100, "tag": 100, "version": 100}


class SearcherHolder:
    """One Searcher per app, opened on first use: the service may start before the first build.
    ``recent``: the searches it warms each build with (``Searcher.recent``), set before it opens."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self.recent: list[str] = []
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()

    def get(self) -> Searcher:
        if self._searcher is None:
            with self._lock:
                if self._searcher is None:
                    self._searcher = Searcher(self.site_dir, recent=self.recent)
        return self._searcher

    def ready(self) -> Searcher | None:
        """The Searcher if it can search right now: open, and no new build to open (~1 s).

        Once a second it looks for a new build right here (``Searcher.still_current``, a small
        file read) rather than on a thread: every search that came while a thread looked waited
        for it, and a thread waits for the busy event loop to hand over the GIL at each of its
        file calls, so a look took 20-60 ms under load and added that to a second's searches
        several times over (the slowest 1-2% of bench/search_speed.py's API figures)."""
        s = self._searcher
        return s if s is not None and (not s.stale() or s.still_current()) else None

    def open(self) -> Searcher:
        """Open the Searcher and the current build (slow; call it on a thread)."""
        s = self.get()
        s.handle()  # NoIndexError when no build has made an index yet
        return s


class ResultCache:
    """The last ``size`` result pages as sent (JSON bytes), keyed by the search parameters, for
    the current build only: a new build empties it. Help-center queries repeat heavily ("reset
    password"), and a hit skips the search and the JSON encoding. Used on the event loop only."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._build: str | None = None

    def get(self, build: str | None, key: tuple):
        if build != self._build:
            self._pages.clear()
            self._build = build
            return None
        hit = self._pages.get(key)
        if hit is not None:
            self._pages.move_to_end(key)
        return hit

    def put(self, build: str | None, key: tuple, page) -> None:
        if self.size <= 0 or build != self._build:
            return
        self._pages[key] = page
        if len(self._pages) > self.size:
            self._pages.popitem(last=False)


def render(result: dict) -> bytes:
    """A search answer's JSON body, byte for byte what ``JSONResponse(result).body`` is (compact
    separators, text as UTF-8 rather than escaped: orjson's defaults; its floats are Python's
    shortest repr for every score and confidence, rounded to 4 and 3 places, that an answer
    holds). orjson writes it in a sixth of the time, ~50 us of a search request's ~1.5 ms."""
    return orjson.dumps(result)


def _no_index() -> ApiError:
    return ApiError(503, "search_unavailable", "The site has no search index yet; build the site first.")


def _bad(field: str, message: str, value=None) -> ApiError:
    return ApiError(400, "invalid_parameter", message, {"parameter": field, "value": value})


def parse_params(params) -> dict:
    q = params.get("q")
    if q is None:
        raise _bad("q", "Give the search words in the 'q' parameter.")
    if len(q) > MAX_QUERY:
        raise _bad("q", f"The query is longer than {MAX_QUERY} characters.", len(q))
    out = {"q": q}
    for name, default, hi in (("page", 1, MAX_PAGE), ("per_page", 10, 50)):
        raw = params.get(name)
        if raw is None or raw == "":
            out[name] = default
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= hi:
            raise _bad(name, f"'{name}' must be a whole number from 1 to {hi}.", raw[:50])
        out[name] = int(raw)
    reader = params.get("reader_lang")
    if reader:
        if len(reader) > 16:
            raise _bad("reader_lang", "'reader_lang' is longer than 16 characters.", len(reader))
        out["reader_lang"] = reader
    for name in FILTERS:
        raw = params.get(name)
        if raw:
            limit = MAX_FILTER[name]
            if len(raw) > limit:
                raise _bad(name, f"'{name}' is longer than {limit} characters.", len(raw))
            out[name] = raw
    return out


def make_routes(settings, deps, prefix: str, holder: SearcherHolder, search_log: analytics.SearchLog, learned: Learned,
                staff_holder: SearcherHolder | None = None):
    """The routes, sharing the app's one holder (opened at startup by the search lifespan), search
    log (written at shutdown by it) and snapshot of what was learned from readers. ``staff_holder``:
    the internal build's index, searched for signed-in staff when it exists (opened on a staff
    member's first search)."""
    from starlette.routing import Route

    public = (holder, ResultCache(settings.search_cache_size))
    staff = (staff_holder, ResultCache(settings.search_cache_size)) if staff_holder is not None else None

    async def audience_of(request: Request):
        if staff is None or not await deps.readers.is_staff(request):
            return public
        if staff[0].ready() is None and not (staff[0].site_dir / ".search" / "CURRENT").is_file():
            return public  # no internal build: staff search what everyone does
        return staff

    async def search(request: Request) -> Response:
        """
        summary: Search the help center (full text, Chinese and English, with facets)
        tags: [search]
        parameters:
          - {name: q, in: query, required: true, schema: {type: string, maxLength: 500}}
          - {name: lang, in: query, schema: {type: string, maxLength: 16}}
          - {name: reader_lang, in: query, schema: {type: string, maxLength: 16}}
          - {name: type, in: query, schema: {type: string, maxLength: 100}}
          - {name: category, in: query, schema: {type: string, maxLength: 100}}
          - {name: tag, in: query, schema: {type: string, maxLength: 100}}
          - {name: version, in: query, schema: {type: string, maxLength: 100}}
          - {name: page, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
          - {name: per_page, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
        responses:
          "200": {description: "Results: {query, total, page, per_page, results, facets, suggestion, answer}; answer and each result's match are good or weak (see docs/search.md)"}
          "400": {$ref: "#/components/responses/Error"}
          "503": {$ref: "#/components/responses/Error"}
        """
        p = parse_params(request.query_params)
        holder, cache = await audience_of(request)
        try:
            searcher = holder.ready() or await run_in_threadpool(holder.open)
        except NoIndexError:
            raise _no_index() from None
        build = searcher.build_id
        if learned.stale():
            try:
                await learned.refresh(deps.db)
            except Exception:  # noqa: BLE001 - search goes on with the previous snapshot
                log.warning("could not read what search learned from readers", exc_info=True)
        factors = learned.factors(p["q"])
        key = (p["q"].strip(), *(p.get(k) for k in FILTERS), p.get("reader_lang"), p["page"], p["per_page"], learned.version)
        page = cache.get(build, key)
        if page is None:
            # On the event loop, not the thread pool: a search is a few milliseconds of CPU under
            # the GIL, so a thread adds no parallelism, only two hops and waits for the GIL.
            # After one turn of the loop, though: under uvloop, requests that take the loop for a
            # millisecond or more from their first step are answered out of turn (some several
            # turns late, MagicStack/uvloop#123), and the pause puts them back in order. At 16
            # clients on one worker this halved the p99 (docs/performance.md, eighth window).
            await asyncio.sleep(0)
            try:
                result = searcher.search(
                    p["q"], lang=p.get("lang"), type=p.get("type"), category=p.get("category"),
                    tag=p.get("tag"), version=p.get("version"), page=p["page"], per_page=p["per_page"],
                    reader=p.get("reader_lang"), learned=factors,
                )
            except NoIndexError:
                raise _no_index() from None
            page = (render(result), result["total"], result["suggestion"], result["answer"])
            cache.put(build, key, page)
        body, total, suggestion, answer = page
        search_log.add({
            "query": analytics.normalize(p["q"]),
            "lang": p.get("lang"),
            "filters": ",".join(f"{k}={p[k]}" for k in FILTERS if k in p and k != "lang")[:200] or None,
            "result_count": total,
            "page": p["page"],
            "suggestion": (suggestion or None) and analytics.normalize(suggestion),
            "build_id": build,
            "answer": answer,
        })
        private = {"Cache-Control": "private, no-store", "Vary": "Cookie"} if holder is not public[0] else None
        return Response(body, media_type="application/json", headers=private)

    async def click(request: Request) -> Response:
        """
        summary: Record that a search result was opened (a beacon; no personal data is kept)
        tags: [search]
        requestBody:
          required: true
          content:
            application/json:
              schema:
                type: object
                required: [query, result_id, position]
                properties:
                  query: {type: string, maxLength: 500}
                  result_id: {type: string, maxLength: 300}
                  position: {type: integer, minimum: 1, maximum: 1000}
                  lang: {type: string, maxLength: 16}
                  visitor: {type: string, minLength: 16, maxLength: 128, description: "The feedback widget's random visitor token; only a keyed hash of it and the query is stored, to count each visitor once (see docs/search.md)"}
        responses:
          "204": {description: Recorded}
          "400": {$ref: "#/components/responses/Error"}
          "413": {$ref: "#/components/responses/Error"}
          "415": {$ref: "#/components/responses/Error"}
          "422": {$ref: "#/components/responses/Error"}
          "429": {$ref: "#/components/responses/Error"}
        """
        data = validate(ClickIn, await read_json(request, max_bytes=4096))
        row = {"query": analytics.normalize(data.query), "result_id": data.result_id, "position": data.position, "lang": data.lang}
        client_key = deps.rate_limiter.client_key(request)

        def transaction(conn):
            deps.rate_limiter.check(conn, client_key)
            analytics.log_click(conn, row)
            if data.visitor:
                record(conn, settings.key, data.query, data.result_id, data.visitor, "click")

        await deps.db.write(transaction)
        return Response(status_code=204)

    return [
        Route(f"{prefix}/search", search, methods=["GET"], name="search"),
        Route(f"{prefix}/search/click", click, methods=["POST"], name="search_click"),
    ]


class ClickIn(BaseModel):
    query: str = Field(max_length=MAX_QUERY)
    result_id: str = Field(min_length=1, max_length=300)
    position: int = Field(ge=1, le=1000)
    lang: str | None = Field(default=None, max_length=16)
    visitor: str | None = Field(default=None, min_length=16, max_length=128, pattern=r"^[\x21-\x7e]+$")
