"""503 ``database_unavailable`` while the database cannot be reached, on every route.

A database that is down, unreachable, silent past ``KB_DATABASE_TIMEOUT`` or locked past SQLite's
busy timeout is a state of the deployment, not a bug: clients get 503 with Retry-After (the JSON
shape on API paths, an HTML page on the dashboard and portal) and the next request tries again,
so the service recovers by itself when the database is back. This is ASGI middleware rather than
an exception handler so that it also covers routers mounted as middleware (the review pages).
"""

from __future__ import annotations

import logging
import math

from sqlalchemy import exc as sa_exc

from feedback_api.errors import error_for

log = logging.getLogger("feedback_api")


def is_unavailable(exc: BaseException) -> bool:
    # OperationalError: connection refused or lost, timeouts (psycopg's QueryCanceled is one),
    # "database is locked", a database that does not exist. TimeoutError: no free pooled connection.
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.TimeoutError)):
        return True
    return isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated


class DatabaseUnavailable:
    def __init__(self, app, retry_after: float = 5) -> None:
        self.app = app
        self.retry_after = str(max(1, math.ceil(retry_after)))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started or not is_unavailable(exc):
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
            log.error("database unavailable on %s %s: %s", scope.get("method"), scope.get("path"), reason)
            response = error_for(
                scope.get("path", ""), 503, "database_unavailable",
                "The database is not reachable right now. Please try again in a few seconds.",
                title="Temporarily unavailable", details={"retry_after": int(self.retry_after)},
                headers={"Retry-After": self.retry_after},
            )
            await response(scope, receive, send)
