"""The search feature's part of the app lifespan, as ASGI middleware (``search.middleware``)."""

from __future__ import annotations

import gc
import logging

from starlette.concurrency import run_in_threadpool

from generator.search import NoIndexError

log = logging.getLogger("feedback_api.search")
_frozen = False  # once per process: a later app (tests build hundreds) only adds its own objects


class SearchLifespan:
    """At startup, opens the current search index (on a thread) before the server takes
    requests, so the first searches do not wait ~1 s for it, then freezes the garbage collector's
    view of everything built so far. At shutdown, writes the search rows still buffered for
    analytics (see ``analytics.SearchLog``): the server sends the shutdown message once every
    connection is finished, and this runs before the app's own shutdown closes the database.

    ``gc.freeze()``: the modules, the app and the open index are some 100,000 objects that live
    as long as the process, and every full collection walked them all: 40-130 ms pauses, which
    stall every request in flight. Frozen, they are never walked again. (They are still freed by
    reference counting; only a cycle among them, such as a replaced index, is kept.) Once per
    process: the first app's startup.

    Puts the log on ``app.state.search_log`` so tests can ``flush()`` it."""

    def __init__(self, app, holder, search_log):
        self.app = app
        self.holder = holder
        self.search_log = search_log

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        if scope.get("app") is not None:
            scope["app"].state.search_log = self.search_log

        async def receive_and_flush():
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                try:
                    await self.search_log.close()
                except Exception:  # noqa: BLE001 - the app's own shutdown must still run
                    log.exception("could not write the search log at shutdown")
            return message

        async def open_then_send(message):
            global _frozen
            if message["type"] == "lifespan.startup.complete":
                await self.open_index()
                if not _frozen:
                    gc.freeze()
                    _frozen = True
            await send(message)

        await self.app(scope, receive_and_flush, open_then_send)

    async def open_index(self) -> None:
        try:
            await run_in_threadpool(self.holder.open)
        except NoIndexError:
            pass  # no build yet: searches answer 503 until one appears
        except Exception:  # noqa: BLE001 - a broken index must not stop the service starting
            log.exception("could not open the search index at startup")
