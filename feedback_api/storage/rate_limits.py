"""Fixed-window request counters in the database, so every worker process shares one limit."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base
from feedback_api.storage.raw import Call, Query, RawStatement, chunks


class RateCounter(Base):
    __tablename__ = "rate_limit_counters"

    # HMAC of the client address keyed by KB_SECRET_KEY: the table never holds an IP address.
    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_no: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch seconds // window length
    count: Mapped[int] = mapped_column(Integer)


counters = RateCounter.__table__


# Built once per number of clients (see raw.py): the same SQL on SQLite and PostgreSQL.
@functools.lru_cache(maxsize=64)
def _count(clients: int) -> RawStatement:
    values = ", ".join(f"(:client_key{i}, :window_no, :n{i})" for i in range(clients))
    return RawStatement(
        f"INSERT INTO rate_limit_counters (client_key, window_no, count) VALUES {values}"
        " ON CONFLICT (client_key, window_no) DO UPDATE SET count = rate_limit_counters.count + excluded.count"
        " RETURNING client_key, count"
    )


_UNCOUNT = RawStatement(
    "UPDATE rate_limit_counters SET count = count - :n WHERE client_key = :client_key AND window_no = :window_no"
)
_PRUNE = RawStatement("DELETE FROM rate_limit_counters WHERE window_no < :before")


def counting(window: int, requests: dict[str, int]) -> Query[dict[str, int]]:
    """Adds ``requests[client]`` requests to each client's counter in this window (atomic upserts,
    one statement per 500 clients); reads each client's count so far, these included."""
    calls: list[Call] = []
    for chunk in chunks(list(requests)):
        params: dict[str, Any] = {"window_no": window}
        for i, client in enumerate(chunk):
            params[f"client_key{i}"], params[f"n{i}"] = client, requests[client]
        calls.append((_count(len(chunk)), params))
    return Query(calls, lambda found: {client: int(n) for rows in found for client, n in rows})


def count(conn: Connection, window: int, requests: dict[str, int]) -> dict[str, int]:
    return counting(window, requests).run(conn)


def uncount(conn: Connection, window: int, requests: dict[str, int]) -> None:
    """Take back requests counted by ``count`` (the refused ones)."""
    for client, n in requests.items():
        _UNCOUNT.execute(conn, {"client_key": client, "window_no": window, "n": n})


def prune(conn: Connection, before_window: int) -> None:
    _PRUNE.execute(conn, {"before": before_window})
