"""Hot-path statements run straight on the DBAPI cursor, inside the caller's transaction.

Per vote, SQLAlchemy's statement and result machinery cost several times what SQLite itself
does; three such statements per request kept the service well under its throughput target. Only
the vote path uses this: written once as SQL with ``:name`` parameters, which sqlite3 accepts as
is and which is rewritten once to psycopg's ``%(name)s``. ``execute_together`` sends statements
whose parameters do not depend on each other's results in one network round trip on PostgreSQL.

``conn.info[PENDING]`` holds statements without parameters that must run before the next one on
this connection (db.py's savepoint before each write of a batch): they go out with it, in the same
round trip on PostgreSQL. Statements run through SQLAlchemy send them first too (db.py's
``before_cursor_execute`` listener calls ``send_pending``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.engine import Connection

PENDING = "kb_pending_statements"
# Rows per multi-row statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
CHUNK = 500

T = TypeVar("T")


def chunks(items: Sequence[T]) -> list[Sequence[T]]:
    """``items`` in runs of at most CHUNK, for multi-row statements."""
    return [items[start:start + CHUNK] for start in range(0, len(items), CHUNK)]


def send_pending(conn: Connection) -> None:
    """Run the statements waiting in ``conn.info[PENDING]``, if any (one round trip on PostgreSQL)."""
    pending = conn.info.pop(PENDING, None)
    if not pending:
        return
    cursor = conn.connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            cursor.execute("; ".join(pending))  # no parameters: psycopg's simple protocol takes several
        else:
            for statement in pending:  # sqlite3 runs one statement per call
                cursor.execute(statement)
    finally:
        cursor.close()


class RawStatement:
    def __init__(self, sql: str) -> None:
        self.named = sql
        self.pyformat = re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql.replace("%", "%%"))

    def execute(self, conn: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        is_pg = conn.dialect.name == "postgresql"
        if is_pg and conn.info.get(PENDING):
            return execute_together(conn, [(self, params)])[0]
        send_pending(conn)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(self.pyformat if is_pg else self.named, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()


def execute_together(conn: Connection, calls: list[Call]) -> list[list[tuple[Any, ...]]]:
    """Each statement's rows, in order. On PostgreSQL they go out in one psycopg pipeline (one
    round trip instead of one each: the vote transactions run one after another, see db.py, so
    round trips are their pace). A failure raises once all were sent; the statements after the
    failed one are skipped, and the caller's transaction or savepoint undoes the ones before."""
    if conn.dialect.name != "postgresql":
        return [statement.execute(conn, params) for statement, params in calls]
    pending = conn.info.pop(PENDING, None) or []
    pg: Any = conn.connection.dbapi_connection  # a psycopg Connection
    cursors = [pg.cursor() for _ in [*pending, *calls]]
    try:
        with pg.pipeline():
            for cursor, statement in zip(cursors, pending):
                cursor.execute(statement)
            for cursor, (statement, params) in zip(cursors[len(pending):], calls):
                cursor.execute(statement.pyformat, params)
        return [list(cursor.fetchall()) if cursor.description else [] for cursor in cursors[len(pending):]]
    finally:
        for cursor in cursors:
            cursor.close()


Call = tuple[RawStatement, dict[str, Any]]


@dataclass(frozen=True)
class Query(Generic[T]):
    """Statements and how to read their rows, so that several queries can share one round trip
    (``run_together``) while each module keeps its own SQL."""

    calls: list[Call]
    read: Callable[[list[list[tuple[Any, ...]]]], T]

    def run(self, conn: Connection) -> T:
        return self.read(execute_together(conn, self.calls))


def run_together(conn: Connection, *queries: Query[Any]) -> list[Any]:
    """Each query's result, in order, from one round trip on PostgreSQL (``execute_together``)."""
    rows = execute_together(conn, [call for query in queries for call in query.calls])
    results, start = [], 0
    for query in queries:
        results.append(query.read(rows[start:start + len(query.calls)]))
        start += len(query.calls)
    return results


def statement(sql: str) -> Query[None]:
    """A statement without parameters or rows (``SAVEPOINT name``) as a Query."""
    return Query([(RawStatement(sql), {})], lambda _rows: None)


def db_timestamp(conn: Connection, when: dt.datetime) -> Any:
    """A UTC timestamp as each engine's SQLAlchemy DateTime column stores it."""
    return stored_timestamp(conn.dialect.name == "sqlite", when)


def stored_timestamp(sqlite: bool, when: dt.datetime) -> Any:
    """``db_timestamp`` for an engine known without a connection."""
    if sqlite:
        # SQLAlchemy's SQLite DateTime format (naive UTC), so ORM reads parse it back.
        return when.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return when
