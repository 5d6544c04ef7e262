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
from typing import Any

from sqlalchemy.engine import Connection


PENDING = "kb_pending_statements"


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

    def execute(self, conn: Connection, params: dict[str, Any]) -> list[tuple]:
        is_pg = conn.dialect.name == "postgresql"
        if is_pg and conn.info.get(PENDING):
            return execute_together(conn, [(self, params)])[0]
        send_pending(conn)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(self.pyformat if is_pg else self.named, params)
            return cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()


def execute_together(conn: Connection, calls: list[tuple[RawStatement, dict[str, Any]]]) -> list[list[tuple]]:
    """Each statement's rows, in order. On PostgreSQL they go out in one psycopg pipeline (one
    round trip instead of one each: the vote transactions run one after another, see db.py, so
    round trips are their pace). A failure raises once all were sent; the statements after the
    failed one are skipped, and the caller's transaction or savepoint undoes the ones before."""
    if conn.dialect.name != "postgresql":
        return [statement.execute(conn, params) for statement, params in calls]
    pending = conn.info.pop(PENDING, None) or []
    pg = conn.connection.dbapi_connection
    cursors = [pg.cursor() for _ in [*pending, *calls]]
    try:
        with pg.pipeline():
            for cursor, statement in zip(cursors, pending):
                cursor.execute(statement)
            for cursor, (statement, params) in zip(cursors[len(pending):], calls):
                cursor.execute(statement.pyformat, params)
        return [cursor.fetchall() if cursor.description else [] for cursor in cursors[len(pending):]]
    finally:
        for cursor in cursors:
            cursor.close()


def db_timestamp(conn: Connection, when: dt.datetime) -> Any:
    """A UTC timestamp as each engine's SQLAlchemy DateTime column stores it."""
    if conn.dialect.name == "sqlite":
        # SQLAlchemy's SQLite DateTime format (naive UTC), so ORM reads parse it back.
        return when.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
    return when
