"""Runs database work off the event loop: ``await db.write(fn, ...)`` / ``await db.read(fn, ...)``.

``fn(conn, *args)`` gets a Connection inside a transaction that commits when it returns.
On SQLite every write in this process goes through one thread (one writer, as SQLite wants:
no two threads of ours queue on the file lock and sleep in the busy handler) and starts with
BEGIN IMMEDIATE; other processes are serialised by SQLite's lock and the busy timeout.
On PostgreSQL writes run on the thread pool, each on its own pooled connection.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy.engine import Connection, Engine

from feedback_api.storage.engine import make_engine

T = TypeVar("T")


class Database:
    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="kb-sqlite-writer") if self.is_sqlite else None

    def write_sync(self, fn: Callable[..., T], *args: Any) -> T:
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn = conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                return fn(conn, *args)

    def read_sync(self, fn: Callable[..., T], *args: Any) -> T:
        with self.engine.connect() as conn, conn.begin():
            return fn(conn, *args)

    async def write(self, fn: Callable[[Connection], T] | Callable[..., T], *args: Any) -> T:
        call = functools.partial(self.write_sync, fn, *args)
        if self._writer is not None:
            return await asyncio.get_running_loop().run_in_executor(self._writer, call)
        return await anyio.to_thread.run_sync(call)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        return await anyio.to_thread.run_sync(functools.partial(self.read_sync, fn, *args))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)
        self.engine.dispose()
