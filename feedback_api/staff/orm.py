"""Run ORM code inside the core ``Database``'s transactions (``await db.read/write(fn)``).

The core hands out Connections already inside a transaction that it commits; a Session bound to
that connection joins it, so staff writes commit or roll back with whatever else ran there.
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
        with Session(bind=conn, expire_on_commit=False) as session:
            result = fn(session, *args)
            session.flush()
            return result

    return run
