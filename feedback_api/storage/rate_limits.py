"""Fixed-window request counters in the database, so every worker process shares one limit."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base
from feedback_api.storage.raw import RawStatement


class RateCounter(Base):
    __tablename__ = "rate_limit_counters"

    # HMAC of the client address keyed by KB_SECRET_KEY: the table never holds an IP address.
    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_no: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch seconds // window length
    count: Mapped[int] = mapped_column(Integer)


counters = RateCounter.__table__


# Prebuilt (see raw.py): the same SQL on SQLite and PostgreSQL.
_HIT = RawStatement(
    "INSERT INTO rate_limit_counters (client_key, window_no, count) VALUES (:client_key, :window_no, 1)"
    " ON CONFLICT (client_key, window_no) DO UPDATE SET count = rate_limit_counters.count + 1"
    " RETURNING count"
)
_PRUNE = RawStatement("DELETE FROM rate_limit_counters WHERE window_no < :before")


def hit(client_key: str, window: int) -> tuple[RawStatement, dict]:
    """The statement that counts one request in this window and returns the window's count so far
    (atomic upsert), for ``raw.execute_together``: callers may send it with their own statements."""
    return _HIT, {"client_key": client_key, "window_no": window}


def prune(conn: Connection, before_window: int) -> None:
    _PRUNE.execute(conn, {"before": before_window})
