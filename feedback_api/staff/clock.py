"""One notion of "now" for the staff tables: timezone-aware UTC.

SQLite hands back naive datetimes even for ``DateTime(timezone=True)`` columns while PostgreSQL
hands back aware ones; ``aware`` makes both comparable.
"""

from __future__ import annotations

import datetime as dt
from typing import overload


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)
