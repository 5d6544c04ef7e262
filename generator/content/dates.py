"""Dates as authors write them: ISO, 'October 12, 2023', 'March 3rd 2022', '05/17/2021', file-name prefixes."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as _dateparser

_ISO_PREFIX = re.compile(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)")


def to_date(value: object) -> dt.date | None:
    """A date from a YAML/TOML value or free text; None when it holds no date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _ISO_PREFIX.search(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        return _dateparser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError, TypeError):
        return None


def to_datetime_utc(value: object) -> dt.datetime | None:
    """A timezone-aware UTC datetime; naive values are taken to be UTC already."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        d = value
    elif isinstance(value, dt.date):
        d = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            d = _dateparser.isoparse(str(value).strip())
        except ValueError:
            try:
                d = _dateparser.parse(str(value).strip())
            except (ValueError, OverflowError):
                return None
    if d.tzinfo is None:
        return d.replace(tzinfo=dt.UTC)
    return d.astimezone(dt.UTC)


def date_from_path(path: str) -> dt.date | None:
    """'_posts/2016-11-18-release-notes.md' or 'content/2025/02/20/x.md' -> the date in it."""
    m = re.search(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)", path)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
