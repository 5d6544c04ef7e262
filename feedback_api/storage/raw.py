"""Hot-path statements run straight on the DBAPI cursor, inside the caller's transaction.

Per vote, SQLAlchemy's statement and result machinery cost several times what SQLite itself
does; three such statements per request kept the service well under its throughput target. Only
the vote path uses this: written once as SQL with ``:name`` parameters, which sqlite3 accepts as
is and which is rewritten once to psycopg's ``%(name)s``.
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


def db_timestamp(conn: Connection, when: dt.datetime) -> Any:
    """A UTC timestamp as each engine's SQLAlchemy DateTime column stores it."""
    if conn.dialect.name == "sqlite":
        # SQLAlchemy's SQLite DateTime format (naive UTC), so ORM reads parse it back.
        return when.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
    return when
