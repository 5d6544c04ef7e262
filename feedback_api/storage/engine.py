"""Engines for SQLite and PostgreSQL, and Alembic upgrades (backups: ``feedback_api.storage.backup``).

SQLite is set up for a web service: WAL (readers never wait for the writer), a busy timeout
(writers from other processes queue instead of failing), foreign keys on, ``synchronous=NORMAL``
(a commit survives a killed process; only an OS crash can lose the last commits), and write
transactions that start with ``BEGIN IMMEDIATE`` so a read-then-write never hits a lock upgrade
failure. Ask for that with ``conn.execution_options(sqlite_immediate=True)`` or ``write_begin``.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url

from feedback_api.storage.base import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, pool_size: int = 10, timeout: float | None = None) -> Engine:
    """``timeout`` (seconds; PostgreSQL only) bounds connecting, each statement and the wait for
    a pooled connection, so a server that is down or silent fails a request instead of hanging
    it. The service passes KB_DATABASE_TIMEOUT; migrations and backups run without one."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        _tune_sqlite(engine)
        return engine
    if timeout is None:
        return create_engine(parsed, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    ms = max(1, round(timeout * 1000))
    options = f"-c statement_timeout={ms} -c lock_timeout={ms}"
    if parsed.query.get("options"):  # keep what the URL sets (e.g. a search_path)
        options = f"{parsed.query['options']} {options}"
    return create_engine(
        parsed, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, pool_timeout=timeout,
        # libpq counts connect_timeout in whole seconds (at least 2); psycopg enforces it itself.
        connect_args={"connect_timeout": max(2, math.ceil(timeout)), "options": options},
    )


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN is ours (pysqlite's is deferred only).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """Alembic's Config built in code: no alembic.ini to ship or to find."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    engine = make_engine(url, pool_size=1)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(url, conn), revision)
    finally:
        engine.dispose()


def current_revision(conn: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


@functools.lru_cache(maxsize=1)  # the scripts do not change while the process runs
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None, "no migration scripts"
    return head


__all__ = ["Base", "make_engine", "upgrade", "is_sqlite", "head_revision"]
