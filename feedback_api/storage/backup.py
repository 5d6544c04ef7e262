"""Backups: SQLite's online backup API for SQLite, a portable JSON Lines dump for anything.

Why JSON and not pg_dump for PostgreSQL: pg_dump refuses servers newer than itself and needs
the client tools on the machine; a dump through SQLAlchemy works wherever the service does, and
restores into either engine (a way to move from SQLite to PostgreSQL). The dump records the
Alembic revision; a restore brings an empty database to that revision, loads the rows in one
transaction, then upgrades to head.

Format (one JSON value per line)::

    {"format": "kb-db-dump", "version": 1, "revision": "0001_core", "dialect": "sqlite"}
    {"table": "votes", "columns": ["id", "article_id", ...]}
    [1, "a1", ...]
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, MetaData, Table, func, select, text
from sqlalchemy.engine import Connection, make_url

from feedback_api.storage.engine import current_revision, is_sqlite, make_engine, upgrade

FORMAT = "kb-db-dump"
SQLITE_MAGIC = b"SQLite format 3\x00"
# vote_counts is derived from votes by triggers: a restore rebuilds it as the votes go back in.
SKIP = {"alembic_version", "vote_counts"}
BATCH = 1000


class BackupError(Exception):
    """A backup or restore cannot proceed; the message is for the operator."""


def backup(url: str, path: str | Path, *, fmt: str | None = None) -> str:
    """Write a backup of the database at ``url`` to ``path``; returns the format used."""
    path = Path(path)
    fmt = fmt or ("sqlite" if is_sqlite(url) else "json")
    if fmt not in ("sqlite", "json"):
        raise BackupError(f"Unknown backup format {fmt!r}. Expected sqlite or json.")
    if fmt == "sqlite" and not is_sqlite(url):
        raise BackupError("The sqlite format backs up SQLite databases only; use json for PostgreSQL.")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    try:
        (_backup_sqlite if fmt == "sqlite" else _dump_json)(url, tmp)
        os.replace(tmp, path)  # a reader never finds half a backup under the final name
    finally:
        tmp.unlink(missing_ok=True)
    return fmt


def restore(url: str, path: str | Path) -> str:
    """Replace the database's contents with a backup made by ``backup``; returns its format."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        if not is_sqlite(url):
            raise BackupError(f"{path} is a SQLite backup; it restores into a SQLite database only.")
        _restore_sqlite(url, path)
        upgrade(url)
        return "sqlite"
    if head.lstrip()[:1] == b"{":
        _load_json(url, path)
        upgrade(url)
        return "json"
    raise BackupError(f"{path} is neither a SQLite backup nor a kb JSON dump.")


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database:
        raise BackupError(f"{url} names no database file.")
    return database


def _backup_sqlite(url: str, dest: Path) -> None:
    source = _sqlite_path(url)
    if not Path(source).is_file():
        raise BackupError(f"No database file at {source}.")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(dest)
    try:
        with dst:
            src.backup(dst)  # a consistent snapshot even while the service writes
    finally:
        dst.close()
        src.close()


def _restore_sqlite(url: str, backup_file: Path) -> None:
    target = _sqlite_path(url)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=10)
    try:
        src.execute("PRAGMA schema_version")  # fails early on a corrupt file
        src.backup(dst)  # copies pages under the write lock; open connections see the new data
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup_file} cannot be read as a SQLite database ({exc}).") from None
    finally:
        dst.close()
        src.close()


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot dump {type(value).__name__}")


def _user_tables(conn: Connection) -> list[Table]:
    meta = MetaData()
    meta.reflect(conn)
    return [t for t in meta.sorted_tables if t.name not in SKIP]


def _dump_json(url: str, dest: Path) -> None:
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # one snapshot for every table
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin(), dest.open("w", encoding="utf-8") as out:
                header = {"format": FORMAT, "version": 1, "revision": current_revision(conn),
                          "dialect": conn.dialect.name}
                out.write(json.dumps(header) + "\n")
                for table in _user_tables(conn):
                    columns = [c.name for c in table.columns]
                    out.write(json.dumps({"table": table.name, "columns": columns}) + "\n")
                    result = conn.execution_options(stream_results=True).execute(select(table))
                    for row in result:
                        out.write(json.dumps(list(row), default=_encode, ensure_ascii=False) + "\n")
    finally:
        engine.dispose()


def _decoder(column: ColumnElement[Any]) -> Callable[[Any], Any] | None:
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return None
    if kind is dt.datetime:
        return dt.datetime.fromisoformat
    if kind is dt.date:
        return dt.date.fromisoformat
    if kind is dt.time:
        return dt.time.fromisoformat
    if kind is bytes:
        return base64.b64decode
    if kind is decimal.Decimal:
        return decimal.Decimal
    return None


def _read_dump(path: Path) -> Iterator[Any]:
    with path.open(encoding="utf-8") as fh:
        try:
            header = json.loads(fh.readline())
        except json.JSONDecodeError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BackupError(f"{path} is not a kb JSON dump (no kb-db-dump header).")
        yield header
        for lineno, line in enumerate(fh, start=2):
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                raise BackupError(f"{path}:{lineno}: not valid JSON; the dump is damaged or cut short.") from None


def _load_json(url: str, path: Path) -> None:
    records = _read_dump(path)
    header = next(records)
    revision = header.get("revision")
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            have = current_revision(conn)
        if have is None and revision:
            engine.dispose()
            upgrade(url, revision)
        elif have != revision:
            raise BackupError(
                f"The dump is at schema revision {revision} but the database is at {have}. "
                "Restore into an empty database, or one at the dump's revision."
            )
        with engine.begin() as conn:
            tables = {t.name: t for t in _user_tables(conn)}
            for emptied in reversed(list(tables.values())):
                conn.execute(emptied.delete())
            table: Table | None = None
            columns: list[str] = []
            decoders: list[Callable[[Any], Any] | None] = []
            batch: list[list[Any]] = []

            def flush() -> None:
                if batch and table is not None:
                    conn.execute(table.insert(), [dict(zip(columns, row)) for row in batch])
                    batch.clear()

            for record in records:
                if isinstance(record, dict):
                    flush()
                    if record.get("table") not in tables:
                        raise BackupError(f"The dump has a table {record.get('table')!r} this database lacks.")
                    table = tables[record["table"]]
                    columns = record["columns"]
                    decoders = [_decoder(table.c[c]) for c in columns]
                    continue
                batch.append([d(v) if d and v is not None else v for d, v in zip(decoders, record)])
                if len(batch) >= BATCH:
                    flush()
            flush()
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, tables.values())
    finally:
        engine.dispose()


def _reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    # Rows came with their ids; the next INSERT must not collide with them.
    for table in tables:
        for column in table.primary_key.columns:
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}).scalar()
            if seq:
                top = conn.execute(select(func.max(column))).scalar()
                conn.execute(text("SELECT setval(:s, :v, :called)"), {"s": seq, "v": top or 1, "called": top is not None})
