"""Runs database work for the async routes: ``await db.write(fn, ...)`` / ``await db.read(fn, ...)``.

``fn(conn, *args)`` gets a Connection inside a transaction that commits when it returns.

SQLite: the work runs right on the event loop thread. A vote is a few hundred microseconds of
local file work (WAL, synchronous=NORMAL: no fsync per commit), and the event loop makes this
process's writes one at a time, which is what SQLite wants. Handing each statement to a worker
thread cost far more than the statement: every sqlite3 call releases the GIL, and getting it back
from a busy event loop waits up to the 5 ms switch interval, several times per vote (measured:
~500 votes/s on a thread). Writes that arrive in the same loop iteration share one
transaction (group commit), each in its own SAVEPOINT so one failure (a 429, a bad row) undoes
only its own work; every caller's await returns only after the COMMIT, so an acknowledged write
is stored. Write transactions start with BEGIN IMMEDIATE. The price: while another process holds the write lock (a second worker), this worker
waits up to the busy timeout; hence one worker for SQLite.

PostgreSQL: the work runs on the thread pool, each call on its own pooled connection, since a
network round trip must never stall the loop.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy.engine import Engine

from feedback_api.storage.engine import make_engine

T = TypeVar("T")


class Database:
    def __init__(self, url: str, engine: Engine | None = None, timeout: float | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url, timeout=timeout)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._pending: list[tuple[Callable, tuple, asyncio.Future]] = []

    def write_sync(self, fn: Callable[..., T], *args: Any) -> T:
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn = conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                return fn(conn, *args)

    def read_sync(self, fn: Callable[..., T], *args: Any) -> T:
        with self.engine.connect() as conn, conn.begin():
            return fn(conn, *args)

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        if self.is_sqlite:
            future = asyncio.get_running_loop().create_future()
            self._pending.append((fn, args, future))
            if len(self._pending) == 1:
                # After the tasks already runnable in this iteration have queued their writes.
                asyncio.get_running_loop().call_soon(self._commit_pending)
            return await future
        return await anyio.to_thread.run_sync(functools.partial(self.write_sync, fn, *args))

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        if self.is_sqlite:
            return self.read_sync(fn, *args)
        return await anyio.to_thread.run_sync(functools.partial(self.read_sync, fn, *args))

    def _commit_pending(self) -> None:
        batch, self._pending = self._pending, []
        outcomes: list[tuple[asyncio.Future, Any, BaseException | None]] = []
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(sqlite_immediate=True)
                with conn.begin():
                    cursor = conn.connection.cursor()
                    for fn, args, future in batch:
                        cursor.execute("SAVEPOINT kb_write")
                        try:
                            result = fn(conn, *args)
                        except Exception as exc:  # handed to its own caller, as a direct call would
                            cursor.execute("ROLLBACK TO kb_write")
                            outcomes.append((future, None, exc))
                        else:
                            outcomes.append((future, result, None))
                        cursor.execute("RELEASE kb_write")
                    cursor.close()
        except Exception as exc:  # the COMMIT (or BEGIN) failed: nothing in the batch is stored
            for _fn, _args, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for future, result, exc in outcomes:
            if future.done():  # the caller went away (client disconnected)
                continue
            if exc is not None:
                future.set_exception(exc)
            else:
                future.set_result(result)

    def close(self) -> None:
        self.engine.dispose()
