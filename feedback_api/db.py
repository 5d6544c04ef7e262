"""Runs database work for the async routes: ``await db.write(fn, ...)`` / ``await db.read(fn, ...)``.

``fn(conn, *args)`` gets a Connection inside a transaction that commits when it returns.

Writes are group-committed on both engines: the writes waiting when a transaction starts share it,
each in its own SAVEPOINT so one failure (a 429, a bad row) undoes only its own work and reaches
only its own caller; every caller's await returns only after the COMMIT, so an acknowledged write
is stored. One commit (one WAL flush on PostgreSQL) then serves many writes.

SQLite: the transaction runs right on the event loop thread, over the writes queued in one loop
iteration. A vote is a few hundred microseconds of local file work (WAL, synchronous=NORMAL: no
fsync per commit), and the event loop makes this process's writes one at a time, which is what
SQLite wants. Handing each statement to a worker thread cost far more than the statement: every
sqlite3 call releases the GIL, and getting it back from a busy event loop waits up to the 5 ms
switch interval, several times per vote (measured: ~500 votes/s on a thread). Write transactions
start with BEGIN IMMEDIATE. The price: while another process holds the write lock (a second
worker), this worker waits up to the busy timeout; hence one worker for SQLite.

PostgreSQL: the transaction runs on the thread pool (a network round trip must never stall the
loop), one at a time per process; the writes that arrive while it commits make the next one, so
the more load, the more writes per commit. Each transaction first takes one advisory lock that
every worker process shares, so write transactions run one at a time as on SQLite: two batches
can then never lock rows (say, two clients' rate-limit counters) in opposite orders, which would
deadlock. Reads run on the thread pool, each on its own pooled connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy import event
from sqlalchemy.engine import Engine

from feedback_api.storage import raw
from feedback_api.storage.engine import make_engine

T = TypeVar("T")
_Write = tuple[Callable, tuple, asyncio.Future]
_Outcome = tuple[Any, BaseException | None]  # (result, exception) of one write
# pg_advisory_xact_lock key taken by every batch: any constant no other code uses ("kbwrite").
WRITE_LOCK = 0x6B627772697465


class Database:
    def __init__(self, url: str, engine: Engine | None = None, timeout: float | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url, timeout=timeout)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        event.listen(self.engine, "before_cursor_execute", _send_pending_first)
        self._pending: list[_Write] = []
        self._committer: asyncio.Task | None = None  # PostgreSQL: the task running batches

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
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending.append((fn, args, future))
        if len(self._pending) == 1 and self._committer is None:
            # After the tasks already runnable in this iteration have queued their writes.
            loop.call_soon(self._commit_pending if self.is_sqlite else self._start_committer)
        return await future

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        if self.is_sqlite:
            return self.read_sync(fn, *args)
        return await anyio.to_thread.run_sync(functools.partial(self.read_sync, fn, *args))

    def _commit_pending(self) -> None:
        batch, self._pending = self._pending, []
        self._deliver(batch, *self._run_batch(batch))

    def _start_committer(self) -> None:
        if self._committer is None and self._pending:
            self._committer = asyncio.get_running_loop().create_task(self._commit_on_thread())

    async def _commit_on_thread(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                self._deliver(batch, *await anyio.to_thread.run_sync(self._run_batch, batch))
        finally:
            self._committer = None

    def _run_batch(self, batch: list[_Write]) -> tuple[list[_Outcome], BaseException | None]:
        """One transaction for the batch; never raises (the outcome of every write is returned)."""
        outcomes: list[_Outcome] = []
        try:
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    conn = conn.execution_options(sqlite_immediate=True)
                with conn.begin(), _no_pending_after(conn):
                    # Each write in its own savepoint, sent with the write's first statement (one
                    # round trip on PostgreSQL, see raw.PENDING); the COMMIT releases the last one.
                    # A write that sent no statement has nothing to undo.
                    before = [] if self.is_sqlite else [f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"]
                    for fn, args, _future in batch:
                        conn.info[raw.PENDING] = [*before, "SAVEPOINT kb_write"]
                        try:
                            result = fn(conn, *args)
                        except Exception as exc:  # handed to its own caller, as a direct call would
                            if conn.info.pop(raw.PENDING, None) is None:
                                conn.exec_driver_sql("ROLLBACK TO kb_write")
                                before = ["RELEASE kb_write"]
                            outcomes.append((None, exc))
                        else:
                            if conn.info.pop(raw.PENDING, None) is None:
                                before = ["RELEASE kb_write"]
                            outcomes.append((result, None))
        except Exception as exc:  # the COMMIT (or BEGIN) failed: nothing in the batch is stored
            return [], exc
        return outcomes, None

    @staticmethod
    def _deliver(batch: list[_Write], outcomes: list[_Outcome], failure: BaseException | None) -> None:
        for i, (_fn, _args, future) in enumerate(batch):
            if future.done():  # the caller went away (client disconnected)
                continue
            if failure is not None:
                future.set_exception(failure)
                continue
            result, exc = outcomes[i]
            if exc is not None:
                future.set_exception(exc)
            else:
                future.set_result(result)

    def close(self) -> None:
        self.engine.dispose()


@contextlib.contextmanager
def _no_pending_after(conn):
    # conn.info outlives the checkout: never leave a savepoint to the connection's next user.
    try:
        yield
    finally:
        conn.info.pop(raw.PENDING, None)


def _send_pending_first(conn, _cursor, _statement, _parameters, _context, _executemany) -> None:
    raw.send_pending(conn)  # a write's savepoint, when its first statement goes through SQLAlchemy
