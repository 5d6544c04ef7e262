"""Hot-path statements run straight on the DBAPI cursor, inside the caller's transaction.

Per vote, SQLAlchemy's statement and result machinery cost several times what SQLite itself
does; three such statements per request kept the service well under its throughput target. Only
the vote path uses this: written once as SQL with ``:name`` parameters, which sqlite3 accepts as
is and which is rewritten once to psycopg's ``%(name)s``. ``execute_together`` sends statements
whose parameters do not depend on each other's results in one network round trip on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.engine import Connection


class RawStatement:
    def __init__(self, sql: str) -> None:
        self.named = sql
        self.pyformat = re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql.replace("%", "%%"))

    def execute(self, conn: Connection, params: dict[str, Any]) -> list[tuple]:
        is_pg = conn.dialect.name == "postgresql"
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
    pg = conn.connection.dbapi_connection
    cursors = [pg.cursor() for _ in calls]
    try:
        with pg.pipeline():
            for cursor, (statement, params) in zip(cursors, calls):
                cursor.execute(statement.pyformat, params)
        return [cursor.fetchall() if cursor.description else [] for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def db_timestamp(conn: Connection, when: dt.datetime) -> Any:
    """A UTC timestamp as each engine's SQLAlchemy DateTime column stores it."""
    if conn.dialect.name == "sqlite":
        # SQLAlchemy's SQLite DateTime format (naive UTC), so ORM reads parse it back.
        return when.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
    return when
