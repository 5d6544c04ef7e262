"""Recording searches and clicks, with queries normalized and scrubbed first."""

from __future__ import annotations

import re

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from .models import SearchClick, SearchQuery

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")
_SPACE = re.compile(r"\s+")


def normalize(query: str) -> str:
    """Lowercase, single spaces, no e-mail addresses or long numbers: groups equal searches and
    keeps personal data a user pasted into the box out of the table."""
    q = _EMAIL.sub("<email>", query or "")
    q = _LONG_NUMBER.sub("<number>", q)
    return _SPACE.sub(" ", q).strip().lower()[:200]


def log_search(conn: Connection, row: dict) -> None:
    conn.execute(insert(SearchQuery), [row])


def log_click(conn: Connection, row: dict) -> None:
    conn.execute(insert(SearchClick), [row])
