"""A review's timeline as entries, from any of three forms.

* list items: ``- **2026-03-04 09:12** text`` (ours; a bare ``**09:40**`` continues the last date),
  also ``- 2:54 PM PST: text`` under a bare date line (Kubernetes test-infra);
* one heading per timestamp: ``### 2022-01-27 11:00`` then ``### 14:35`` (mybinder);
* a GFM table whose first cell is the time (dfds, etcd, PostHog).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..content.model import Page
from . import stamps
from .sections import Section, find

TIMELINE_NAMES = ("Timeline",)
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
_BOLD_STAMP = re.compile(r"^\*\*(.+?)\*\*\s*[-–—:]?\s*(.*)$")
_ALIGN = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Entry:
    date: dt.date | None
    time: dt.time | None
    text: str
    line: int  # file line

    @property
    def when(self) -> dt.datetime | None:
        if self.date is None:
            return None
        return dt.datetime.combine(self.date, self.time or dt.time(0, 0))

    @property
    def stamp(self) -> str:
        return stamps.label(self.date, self.time)


def section(page: Page) -> Section | None:
    return find(page, TIMELINE_NAMES, contains=True)


def cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)]


def parse(page: Page, base: dt.date | None = None) -> list[Entry]:
    """Timeline entries in the order written; dates carry forward from the entry before."""
    sec = section(page)
    if sec is None:
        return []
    current = base
    out: list[Entry] = []
    sub_heads = {h.line - page.body_line: h for h in page.headings if h.level > sec.heading.level}
    i = sec.start
    while i < sec.end:
        line = sec.lines[i]
        file_line = page.body_line + i
        if sec.mask[i] or not line.strip():
            i += 1
            continue
        raw: str | None = None
        if i in sub_heads:
            raw = sub_heads[i].text
        elif line.lstrip().startswith("|"):
            if _ALIGN.match(line) or (i + 1 < sec.end and _ALIGN.match(sec.lines[i + 1])):
                i += 1  # alignment row, or the header row above it
                continue
            row = cells(line)
            year = current.year if current else None
            stamp = stamps.parse(row[0], year)
            text_cells = row[1:]
            if stamp is not None and stamp.time is None and len(row) > 2:
                clock = stamps.parse(row[1], year)
                if clock is not None and clock.date is None:  # separate Date and Time columns
                    stamp, text_cells = stamps.Stamp(stamp.date, clock.time, clock.rest), row[2:]
            if stamp is not None:
                current = stamp.date or current
                out.append(Entry(stamp.date or current, stamp.time, " — ".join(c for c in [stamp.rest, *text_cells] if c), file_line))
            i += 1
            continue
        else:
            m = _ITEM.match(line)
            body = m.group(1) if m else line.strip()
            bold = _BOLD_STAMP.match(body)
            raw = (bold.group(1) + " " + bold.group(2)) if bold else body
        stamp = stamps.parse(raw, current.year if current else None)
        if stamp is not None:
            current = stamp.date or current
            if stamp.rest or stamp.time or i in sub_heads:
                out.append(Entry(stamp.date or current, stamp.time, stamp.rest or _next_text(sec, i + 1), file_line))
        i += 1
    return out


def _next_text(sec: Section, i: int) -> str:
    """The first line of the paragraph under a timestamp heading, as the entry's text."""
    while i < sec.end and (not sec.lines[i].strip() or sec.mask[i]):
        i += 1
    if i < sec.end and not sec.lines[i].lstrip().startswith("#"):
        return sec.lines[i].strip()
    return ""


def out_of_order(entries: list[Entry]) -> list[tuple[Entry, Entry]]:
    """(entry, the entry before it) for each entry that is earlier than the one before."""
    bad = []
    for before, entry in zip(entries, entries[1:]):
        if before.date is None or entry.date is None:
            continue
        if before.time is None or entry.time is None:
            earlier = entry.date < before.date
        else:
            earlier = dt.datetime.combine(entry.date, entry.time) < dt.datetime.combine(before.date, before.time)
        if earlier:
            bad.append((entry, before))
    return bad
