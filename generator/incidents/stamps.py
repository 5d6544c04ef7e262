"""Timestamps as reviews write them at the start of a timeline entry.

"2026-03-04 09:12", "09:40", "Sep 27 2017 13:06", "Jan 14, 10:18 AM", "2:54 PM PST:", "~13:30-13:45",
"ca. 18:30", "2019-12-03 --:--", "October 21, 2025 - Redis Overload". Times stay as written (the
review says which zone it uses); only their order and differences matter here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_NOISE = re.compile(r"^\s*(?:~|ca\.?\s*|approx\.?\s*|around\s+|at\s+)", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WORDY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*-\s*\d{1,2})?(?:,?\s+(\d{4}))?(?![\d:])", re.I)
_TIME = re.compile(r"^(?:T|,?\s*)?(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?(?![\d])", re.I)
_NO_TIME = re.compile(r"^\s*-{1,2}:-{1,2}")
_ZONE = re.compile(r"^\s*(?:UTC|GMT|Z|[ECMP][SD]T|CES?T|BST|IST|JST|AEST)\b", re.I)
_RANGE = re.compile(r"^\s*[-–]\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", re.I)
_SEP = re.compile(r"^\s*(?:[-–—:|]\s*)?")


@dataclass(frozen=True)
class Stamp:
    date: dt.date | None
    time: dt.time | None
    rest: str  # the text after the stamp


def parse(text: str, year_hint: int | None = None) -> Stamp | None:
    """The stamp at the start of ``text``; None when it does not start with a date or a time."""
    s = text.strip().strip("*`")
    bracket = re.match(r"^\[([^\]]+)\]\s*(.*)$", s)  # "[08:47] Prow's bump PR is merged" (test-infra)
    if bracket:
        s = bracket.group(1) + " " + bracket.group(2)
    s = _NOISE.sub("", s)
    day: dt.date | None = None
    m = _ISO.match(s)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        s = s[m.end():]
    else:
        m = _WORDY.match(s)
        month = _MONTHS.get(m.group(1)[:3].lower()) if m else None
        if m and month and (m.group(3) or year_hint):
            try:
                day = dt.date(int(m.group(3) or year_hint or 0), month, int(m.group(2)))
            except ValueError:
                return None
            s = s[m.end():]
    s = s.lstrip(" ,T")
    clock: dt.time | None = None
    m = _TIME.match(s)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        meridiem = (m.group(3) or "").lower().replace(".", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        clock = dt.time(hour, minute)
        s = s[m.end():]
        s = _RANGE.sub("", s)
    elif _NO_TIME.match(s):
        s = _NO_TIME.sub("", s)
    if day is None and clock is None:
        return None
    s = _ZONE.sub("", s)
    return Stamp(day, clock, _SEP.sub("", s, count=1).strip())


def label(day: dt.date | None, clock: dt.time | None) -> str:
    """'2026-03-04 09:12' (or just the date or the time) as the checks quote it."""
    parts = [day.isoformat()] if day else []
    if clock is not None:
        parts.append(clock.strftime("%H:%M"))
    return " ".join(parts)


def first_date(text: str) -> dt.date | None:
    """A date anywhere in a title: '# 2022-01-27, stale prime version', 'January 23rd, 2019 Prow Outage'."""
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*-\s*\d{1,2})?,?\s+(\d{4})\b", text)
    if m and m.group(1)[:3].lower() in _MONTHS:
        try:
            return dt.date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
        except ValueError:
            return None
    return None
