"""Run ORM code inside the core ``Database``'s transactions (``await db.read/write(fn)``).

The core hands out Connections already inside a transaction that it commits (on SQLite, one
transaction shared by every write of an event-loop iteration). The Session works in a SAVEPOINT
of its own, so a failed flush rolls back only this function's work, never its neighbours'.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

T = TypeVar("T")


def orm(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def run(conn: Connection, *args) -> T:
        with Session(bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint") as session:
            result = fn(session, *args)
            # Releases the SAVEPOINT only; the outer transaction is the caller's to commit.
            session.commit()
            return result

    return run
