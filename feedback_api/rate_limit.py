"""Per-client fixed-window rate limit, counted in the database so all workers share it.

Use it inside a write transaction so the count costs no extra commit::

    key = deps.rate_limiter.client_key(request)
    await deps.db.write(lambda conn: (deps.rate_limiter.check(conn, key), do_write(conn)))

``check`` raises ``ApiError(429)`` with ``Retry-After``; the transaction then rolls back, so a
refused request changes nothing. ``admit`` counts many requests at once (a batch of votes) and
returns each one's verdict; the refused ones are not counted.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import Counter
from collections.abc import Sequence

from sqlalchemy.engine import Connection
from starlette.requests import Request

from feedback_api.errors import ApiError
from feedback_api.settings import RateLimit
from feedback_api.storage import rate_limits
from feedback_api.storage.raw import Query


class RateLimiter:
    def __init__(self, limit: RateLimit, key: bytes) -> None:
        self.limit = limit
        self._key = key
        self._pruned_window = -1

    def client_key(self, request: Request) -> str:
        # Keyed hash: counters stay per-client without the table ever holding an address.
        host = request.client.host if request.client else "unknown"
        return hmac.new(self._key, b"client:" + host.encode(), hashlib.sha256).hexdigest()

    def check(self, conn: Connection, client_key: str, now: float | None = None) -> None:
        """Count this request; raise 429 when over the limit."""
        (refusal,) = self.admit(conn, [client_key], now)
        if refusal is not None:
            raise refusal

    def admit(self, conn: Connection, client_keys: Sequence[str], now: float | None = None) -> list[ApiError | None]:
        """Count one request per entry (entries may share a client, in arrival order); returns None
        for each request within the limit and the 429 for each one over it, which is not counted.
        One statement for all (a group-committed batch of votes counts its clients at once)."""
        now = time.time() if now is None else now
        verdicts = self.counting(conn, client_keys, now).run(conn)
        refused = Counter(client for client, verdict in zip(client_keys, verdicts, strict=True) if verdict is not None)
        if refused:
            rate_limits.uncount(conn, self._window(now), refused)
        return verdicts

    def counting(self, conn: Connection, client_keys: Sequence[str], now: float) -> Query[list[ApiError | None]]:
        """``admit`` as a query that can share a round trip with others (``raw.run_together``),
        except that it counts the refused requests too: undo it (a savepoint) when one is refused."""
        window = self._window(now)
        if window != self._pruned_window:
            # Once per window per process: old windows are dead weight.
            rate_limits.prune(conn, window - 1)
            self._pruned_window = window
        asked = Counter(client_keys)

        def verdicts(counts: dict[str, int]) -> list[ApiError | None]:
            counted = {client: counts[client] - asked[client] for client in asked}  # before these requests
            out: list[ApiError | None] = []
            for client in client_keys:
                within = counted[client] < self.limit.count
                counted[client] += within
                out.append(None if within else self._refusal(window, now))
            return out

        query = rate_limits.counting(window, asked)
        return Query(query.calls, lambda rows: verdicts(query.read(rows)))

    def _window(self, now: float) -> int:
        return int(now // self.limit.seconds)

    def _refusal(self, window: int, now: float) -> ApiError:
        retry_after = max(1, int((window + 1) * self.limit.seconds - now + 0.999))
        return ApiError(
            429,
            "rate_limited",
            f"Too many requests: the limit is {self.limit}. Try again in {retry_after} s.",
            {"limit": str(self.limit), "retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )
