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
        window = int(now // self.limit.seconds)
        if window != self._pruned_window:
            # Once per window per process: old windows are dead weight.
            rate_limits.prune(conn, window - 1)
            self._pruned_window = window
        count = rate_limits.hit(conn, client_key, window)
        if count > self.limit.count:
            retry_after = max(1, int((window + 1) * self.limit.seconds - now + 0.999))
            raise ApiError(
                429,
                "rate_limited",
                f"Too many requests: the limit is {self.limit}. Try again in {retry_after} s.",
                {"limit": str(self.limit), "retry_after": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
        return count
