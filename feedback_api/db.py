"""Runs database work for the async routes: ``await db.write(fn, ...)`` / ``await db.read(fn, ...)``.

``fn(conn, *args)`` gets a Connection inside a transaction that commits when it returns.
``await db.write_together(fn, item)``: the batch's writes with an equal ``fn`` make one call
``fn(conn, items)`` (the votes: one statement for all of a batch's votes instead of one per vote).

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
deadlock. The committer keeps its connection while batches follow one another (a checkout costs a
round trip: the pool's ping). Reads run on the thread pool, each on its own pooled connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from feedback_api.storage import raw
from feedback_api.storage.engine import make_engine

T = TypeVar("T")
Item = TypeVar("Item")
R = TypeVar("R")
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
        self._committer: asyncio.Task[None] | None = None  # PostgreSQL: the task running batches

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
        return await self._queue(_Write(fn, args))

    async def write_together(self, fn: Callable[[Connection, list[Item]], list[R | Exception]], item: Item) -> R:
        """Like ``write(fn, item)``, but the writes of one batch with an equal ``fn`` run as one
        call, ``fn(conn, items) -> outcomes`` (a result, or the exception to raise to that item's
        caller, for each item): a write that costs one statement per item costs one per batch.
        If ``fn`` raises, each item runs again alone, so a failure still reaches only its caller."""
        return await self._queue(_Write(fn, (item,), together=True))

    async def _queue(self, write: _Write) -> Any:
        loop = asyncio.get_running_loop()
        write.future = loop.create_future()
        self._pending.append(write)
        if len(self._pending) == 1 and self._committer is None:
            # After the tasks already runnable in this iteration have queued their writes.
            loop.call_soon(self._commit_pending if self.is_sqlite else self._start_committer)
        return await write.future

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        if self.is_sqlite:
            return self.read_sync(fn, *args)
        return await anyio.to_thread.run_sync(functools.partial(self.read_sync, fn, *args))

    def _commit_pending(self) -> None:
        batch, self._pending = self._pending, []
        try:
            conn = self.engine.connect()
        except Exception as exc:
            self._deliver(batch, exc)
            return
        with conn:
            self._deliver(batch, self._run_batch(conn.execution_options(sqlite_immediate=True), batch))

    def _start_committer(self) -> None:
        if self._committer is None and self._pending:
            self._committer = asyncio.get_running_loop().create_task(self._commit_on_thread())

    async def _commit_on_thread(self) -> None:
        # One connection for as long as batches follow each other: a checkout pings the server
        # (pool_pre_ping), a round trip per batch that the votes' pace cannot afford.
        conn: Connection | None = None
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                conn, outcomes = await anyio.to_thread.run_sync(self._run_batch_on_thread, conn, batch)
                self._deliver(batch, outcomes)
        finally:
            self._committer = None
            if conn is not None:
                conn.close()  # back to the pool: no round trip, no transaction is open

    def _run_batch_on_thread(self, conn: Connection | None, batch: list[_Write]) -> tuple[Connection | None, list[_Outcome] | BaseException]:
        try:
            conn = conn or self.engine.connect()
        except Exception as exc:
            return None, exc
        outcomes = self._run_batch(conn, batch)
        if isinstance(outcomes, BaseException):  # the connection may be broken: a fresh one next time
            conn.invalidate()
            conn.close()
            return None, outcomes
        return conn, outcomes

    def _run_batch(self, conn: Connection, batch: list[_Write]) -> list[_Outcome] | BaseException:
        """One transaction for the batch; never raises: the outcome of each write, in order, or the
        exception that failed the whole batch (the COMMIT, or BEGIN: then nothing is stored)."""
        outcomes: dict[int, _Outcome] = {}
        try:
            with conn.begin(), _no_pending_after(conn):
                # Each write (or group of writes run together) in its own savepoint, sent with its
                # first statement (one round trip on PostgreSQL, see raw.PENDING); the COMMIT
                # releases the last one. A write that sent no statement has nothing to undo.
                savepoint = _Savepoint(conn, [] if self.is_sqlite else [f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"])
                for group in _groups(batch):
                    first = batch[group[0]]
                    if first.together:
                        outcomes.update(zip(group, _together(savepoint, first.fn, [batch[i].args[0] for i in group])))
                    else:
                        outcomes[group[0]] = savepoint.run(first.fn, *first.args)
        except Exception as exc:
            return exc
        return [outcomes[i] for i in range(len(batch))]

    @staticmethod
    def _deliver(batch: list[_Write], outcomes: list[_Outcome] | BaseException) -> None:
        for i, write in enumerate(batch):
            if write.future.done():  # the caller went away (client disconnected)
                continue
            if isinstance(outcomes, BaseException):
                write.future.set_exception(outcomes)
                continue
            result, exc = outcomes[i]
            if exc is not None:
                write.future.set_exception(exc)
            else:
                write.future.set_result(result)

    def close(self) -> None:
        self.engine.dispose()


@dataclass
class _Write:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    together: bool = False  # write_together: fn(conn, [item, ...]) for the batch's writes with an equal fn
    future: asyncio.Future[Any] = field(init=False)


def _groups(batch: list[_Write]) -> list[list[int]]:
    """The batch's writes (indexes) in the order they run: each alone, except that writes queued
    with ``write_together`` and an equal fn run together, where the first of them was queued."""
    groups: list[list[int]] = []
    together: dict[Any, list[int]] = {}
    for i, write in enumerate(batch):
        if write.together and write.fn in together:
            together[write.fn].append(i)
            continue
        groups.append([i])
        if write.together:
            together[write.fn] = groups[-1]
    return groups


def _together(savepoint: _Savepoint, fn: Callable[..., list[Any]], items: list[Any]) -> list[_Outcome]:
    """``fn(conn, items)`` in one savepoint; if it raises, each item alone in its own."""
    results, exc = savepoint.run(fn, items)
    if exc is not None and len(items) > 1:
        return [outcome for item in items for outcome in _together(savepoint, fn, [item])]
    if exc is not None:
        return [(None, exc)]
    return [(None, out) if isinstance(out, Exception) else (out, None) for out in results]


class _Savepoint:
    """Runs each write of a transaction in its own savepoint (``SAVEPOINT kb_write``, released by the next)."""

    def __init__(self, conn: Connection, before: list[str]) -> None:
        self.conn, self.before = conn, before  # statements to send before the next savepoint

    def run(self, fn: Callable[..., Any], *args: Any) -> _Outcome:
        conn = self.conn
        conn.info[raw.PENDING] = [*self.before, "SAVEPOINT kb_write"]
        try:
            result = fn(conn, *args)
        except Exception as exc:  # handed to its own caller, as a direct call would
            if conn.info.pop(raw.PENDING, None) is None:  # it sent statements: undo them
                conn.exec_driver_sql("ROLLBACK TO kb_write")
                self.before = ["RELEASE kb_write"]
            return None, exc
        if conn.info.pop(raw.PENDING, None) is None:
            self.before = ["RELEASE kb_write"]
        return result, None


@contextlib.contextmanager
def _no_pending_after(conn: Connection) -> Iterator[None]:
    # conn.info outlives the checkout: never leave a savepoint to the connection's next user.
    try:
        yield
    finally:
        conn.info.pop(raw.PENDING, None)


def _send_pending_first(conn: Connection, *_: Any) -> None:
    raw.send_pending(conn)  # a write's savepoint, when its first statement goes through SQLAlchemy
