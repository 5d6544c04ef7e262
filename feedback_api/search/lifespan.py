"""The search feature's lifespan (``Parts.lifespan``, see ``feedback_api.features``)."""

from __future__ import annotations

import contextlib
import gc
import logging

from starlette.concurrency import run_in_threadpool

from feedback_api.db_unavailable import is_unavailable
from generator.search import NoIndexError

from . import analytics

log = logging.getLogger("feedback_api.search")
_frozen = False  # gc.freeze() is process-wide: the first app's startup only (tests build hundreds)
FULL_COLLECTION_EVERY = 100  # collections of generation 1 per full collection (CPython's default: 10)


@contextlib.asynccontextmanager
async def search_lifespan(app, *, holder, search_log, learned, db, warm_queries: int = 0):
    """At startup, opens the current search index (on a thread) before the server takes
    requests, so the first searches do not wait ~1 s for it, warmed with the ``warm_queries``
    searches readers made most often lately (``Searcher.recent``), and reads what search learned from
    readers (``learning.Learned``; otherwise the first search reads it on the event loop, tens of
    milliseconds at thousands of signals on SQLite, while every request in flight waits), then
    freezes the garbage collector's view of everything built so far. At shutdown, writes the
    search rows still buffered for analytics (see ``analytics.SearchLog``): the server ends the
    lifespan once every connection is finished, and this runs before the app's own shutdown
    closes the database.

    ``gc.freeze()``: the modules, the app and the open index are some 100,000 objects that live
    as long as the process, and every full collection walked them all: 40-130 ms pauses, which
    stall every request in flight. Frozen, they are never walked again. (They are still freed by
    reference counting; only a cycle among them, such as a replaced index, is kept.) Once per
    process: the first app's startup, which also makes full collections rarer (below).

    Puts the log on ``app.state.search_log`` so tests can ``flush()`` it, and the holder on
    ``app.state.search_holder``."""
    global _frozen
    app.state.search_log = search_log
    app.state.search_holder = holder
    database_down = False
    if warm_queries:
        try:
            holder.recent = await db.read(analytics.recent_queries, warm_queries)
        except Exception as exc:  # noqa: BLE001 - only a head start: the service must start
            # (a database that did not answer in KB_DATABASE_TIMEOUT is not asked again below)
            database_down = is_unavailable(exc)
            log.warning("could not read the recent searches to warm the search index with", exc_info=True)
    await _open_index(holder)
    if not database_down:
        try:
            await learned.refresh(db)
        except Exception:  # noqa: BLE001 - the first search tries again; the service must start
            log.warning("could not read what search learned from readers", exc_info=True)
    if not _frozen:
        gc.freeze()
        # A full collection once every 100 collections of the middle generation instead of 10.
        # After the freeze, what a full collection still walks is what was kept since (the
        # caches of decoded pages, scores and snippet patterns): 10-25 ms, twice every 10 s under
        # bench/search_speed.py's load, each stalling every search in flight. The young
        # generations, where request garbage dies, are collected as often as before.
        threshold0, threshold1, _ = gc.get_threshold()
        gc.set_threshold(threshold0, threshold1, FULL_COLLECTION_EVERY)
        _frozen = True
    try:
        yield
    finally:
        try:
            await search_log.close()
        except Exception:  # noqa: BLE001 - the app's own shutdown must still run
            log.exception("could not write the search log at shutdown")


async def _open_index(holder) -> None:
    try:
        await run_in_threadpool(holder.open)
    except NoIndexError:
        pass  # no build yet: searches answer 503 until one appears
    except Exception:  # noqa: BLE001 - a broken index must not stop the service starting
        log.exception("could not open the search index at startup")
