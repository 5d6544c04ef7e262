"""Per-client fixed-window rate limit, counted in the database so all workers share it.

Use it inside a write transaction so the count costs no extra commit::

    key = deps.rate_limiter.client_key(request)
    await deps.db.write(lambda conn: (deps.rate_limiter.check(conn, key), do_write(conn)))

``check`` raises ``ApiError(429)`` with ``Retry-After``; the transaction then rolls back, so a
refused request changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from sqlalchemy.engine import Connection
from starlette.requests import Request

from feedback_api.errors import ApiError
from feedback_api.settings import RateLimit
from feedback_api.storage import rate_limits
from feedback_api.storage.raw import RawStatement


class RateLimiter:
    def __init__(self, limit: RateLimit, key: bytes) -> None:
        self.limit = limit
        self._key = key
        self._pruned_window = -1

    def client_key(self, request: Request) -> str:
        # Keyed hash: counters stay per-client without the table ever holding an address.
        host = request.client.host if request.client else "unknown"
        return hmac.new(self._key, b"client:" + host.encode(), hashlib.sha256).hexdigest()

    def check(self, conn: Connection, client_key: str, now: float | None = None) -> int:
        """Count this request; raise 429 when over the limit. Returns the count in this window."""
        now = time.time() if now is None else now
        statement, params = self.counting(conn, client_key, now)
        ((count,),) = statement.execute(conn, params)
        return self.enforce(count, now)

    def counting(self, conn: Connection, client_key: str, now: float) -> tuple[RawStatement, dict]:
        """``check`` in two halves, so the count can share a round trip with the caller's own
        statements (``raw.execute_together``): this statement returns the count; ``enforce`` it."""
        window = int(now // self.limit.seconds)
        if window != self._pruned_window:
            # Once per window per process: old windows are dead weight.
            rate_limits.prune(conn, window - 1)
            self._pruned_window = window
        return rate_limits.hit(client_key, window)

    def enforce(self, count: int, now: float) -> int:
        """Raise 429 when ``count`` (from ``counting``) is over the limit; the caller's transaction
        then rolls back, the count included."""
        if count > self.limit.count:
            window = int(now // self.limit.seconds)
            retry_after = max(1, int((window + 1) * self.limit.seconds - now + 0.999))
            raise ApiError(
                429,
                "rate_limited",
                f"Too many requests: the limit is {self.limit}. Try again in {retry_after} s.",
                {"limit": str(self.limit), "retry_after": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
        return count
