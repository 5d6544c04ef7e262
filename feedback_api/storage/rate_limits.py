"""Fixed-window request counters in the database, so every worker process shares one limit."""

from __future__ import annotations

from sqlalchemy import Integer, String, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base


class RateCounter(Base):
    __tablename__ = "rate_limit_counters"

    # HMAC of the client address keyed by KB_SECRET_KEY: the table never holds an IP address.
    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_no: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch seconds // window length
    count: Mapped[int] = mapped_column(Integer)


counters = RateCounter.__table__


def hit(conn: Connection, client_key: str, window: int) -> int:
    """Count one request in this window and return the window's count so far (atomic upsert)."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(counters).values(client_key=client_key, window_no=window, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["client_key", "window_no"], set_={"count": counters.c.count + 1}
    ).returning(counters.c.count)
    return conn.execute(stmt).scalar_one()


def prune(conn: Connection, before_window: int) -> None:
    conn.execute(delete(counters).where(counters.c.window_no < before_window))
