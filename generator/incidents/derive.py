"""An incident's facts — id, date, severity, services, started/detected/resolved — from front matter
when our kb has it, else derived from what foreign reviews write:

* dfds: the id ``PM2021-011`` is only in the file name; times come from the Timeline table, and
  "Time to detection" / "Time to recovery" from the ``## Stats`` list; "Category" stands in for services;
* mybinder, test-infra, PostHog: the date is in the H1 ("# 2022-01-27, stale prime version");
* etcd: a two-column metadata table (Authors / Date / Status) instead of front matter;
* PostHog: ``**Severity:** Critical`` lines under the H1.

Anything that cannot be derived stays None and shows as a blank cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..content import dates
from ..content.model import ContentSet, Page
from ..releases.cache import per_content
from . import actions, stamps, timeline

_PM_ID = re.compile(r"\bPM\d{4}-\d{3}\b")
_FIELD_LINE = re.compile(r"^\s*[-*]?\s*\*\*([A-Za-z][\w ]{1,30}?):?\*\*:?\s*(.+?)\s*$")
_STAT_LINE = re.compile(r"^\s*[-*]\s*([A-Za-z][\w ]{1,30}?):\s*(.+?)\s*$")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|day|h|hour|hr|m|min|minute)s?\b", re.I)
_DETECTED = re.compile(r"detect|alert|notic|report|aware|paged|pinged|declared|became aware|identified", re.I)
_RESOLVED = re.compile(r"resolv|restor|recover|back to normal|normal operation|outage ends|functional|fixed|mitigat", re.I)
_NOT_REVIEWS = {"readme", "index", "_index", "template", "template-incident-report"}


@dataclass
class Incident:
    page: Page
    ref: str  # the id people quote: PM2021-011 for dfds, else the page id
    owner: str | None
    date: dt.date | None
    severity: str | None
    services: list[str]
    started: dt.datetime | None
    detected: dt.datetime | None
    resolved: dt.datetime | None
    timeline: list[timeline.Entry] = field(default_factory=list)
    actions: list[actions.ActionItem] = field(default_factory=list)

    @property
    def duration(self) -> dt.timedelta | None:
        return _span(self.started, self.resolved)

    @property
    def time_to_detect(self) -> dt.timedelta | None:
        return _span(self.started, self.detected)

    @property
    def time_to_resolve(self) -> dt.timedelta | None:
        """From detection to resolution: what the team controls (duration covers the whole impact)."""
        return _span(self.detected, self.resolved)


def _span(a: dt.datetime | None, b: dt.datetime | None) -> dt.timedelta | None:
    """b - a; None when either is unknown or b is before a (a data error the checks report)."""
    if a is None or b is None:
        return None
    span = _naive(b) - _naive(a)
    return span if span >= dt.timedelta(0) else None


def _naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def is_review(page: Page) -> bool:
    """Index pages, READMEs and templates in a foreign folder of reviews are not reviews."""
    stem = page.source_stem.lower()
    return page.type == "incident" and stem not in _NOT_REVIEWS and "template" not in stem


def _fields(page: Page) -> dict[str, str]:
    """Key/value facts written in the body: etcd's metadata table, PostHog's bold lines, dfds Stats."""
    out: dict[str, str] = {}
    for line in page.body.splitlines()[:400]:
        m = _FIELD_LINE.match(line) or _STAT_LINE.match(line)
        if m:
            out.setdefault(m.group(1).strip().lower(), m.group(2).strip())
            continue
        if line.lstrip().startswith("|"):
            row = timeline.cells(line)
            if len(row) == 2 and row[0] and not set(row[0]) <= set("-: "):
                out.setdefault(row[0].lower(), row[1])
    return out


def _minutes(text: str | None) -> dt.timedelta | None:
    """'54 hours 10 minutes', '1415 minutes', '7 hours' -> a timedelta."""
    if not text:
        return None
    total = 0.0
    for amount, unit in _DURATION.findall(text):
        total += float(amount) * {"d": 1440, "h": 60, "m": 1}[unit[0].lower()]
    return dt.timedelta(minutes=total) if total else None


def derive(page: Page) -> Incident:
    fields = _fields(page)
    h1_date = stamps.first_date(page.title)
    meta_date = stamps.first_date(fields.get("date", "")) or dates.to_date(fields.get("date")) if fields.get("date") else None
    base = (page.started.date() if page.started else None) or h1_date or meta_date or dates.date_from_path(page.src_path)
    entries = timeline.parse(page, base)
    timed = [e for e in entries if e.date is not None]
    started = page.started or (_at(timed[0]) if timed else None)
    detected, resolved = page.detected, page.resolved
    if not page.started and started is not None:
        ttd, ttr = _minutes(fields.get("time to detection")), _minutes(fields.get("time to recovery"))
        detected = detected or (started + ttd if ttd else _first(timed[1:], _DETECTED))
        resolved = resolved or (started + ttr if ttr else _last(timed[1:], _RESOLVED))
        if detected and resolved and detected > resolved:
            detected = None  # the keyword guess picked a later report, not the detection
    ref_match = _PM_ID.search(page.src_path)
    services = list(page.services) or ([fields["category"]] if fields.get("category") else [])
    return Incident(
        page=page,
        ref=ref_match.group(0) if ref_match else page.id,
        owner=page.owner or fields.get("authors") or fields.get("incident lead") or None,
        date=(page.started.date() if page.started else None) or meta_date or (started.date() if started else None) or base or page.date,
        severity=page.severity or fields.get("severity"),
        services=services,
        started=started,
        detected=detected,
        resolved=resolved,
        timeline=entries,
        actions=actions.parse(page),
    )


def _at(entry: timeline.Entry) -> dt.datetime:
    assert entry.date is not None, "called with dated entries only"
    return dt.datetime.combine(entry.date, entry.time or dt.time(0, 0), tzinfo=dt.UTC)


def _first(entries: list[timeline.Entry], pattern: re.Pattern[str]) -> dt.datetime | None:
    hit = next((e for e in entries if e.time is not None and pattern.search(e.text)), None)
    return _at(hit) if hit else None


def _last(entries: list[timeline.Entry], pattern: re.Pattern[str]) -> dt.datetime | None:
    hit = next((e for e in reversed(entries) if e.time is not None and pattern.search(e.text)), None)
    return _at(hit) if hit else None


def incidents(content: ContentSet) -> list[Incident]:
    """Every review, newest first."""

    def compute() -> list[Incident]:
        found = [derive(p) for p in content.of_type("incident") if is_review(p)]
        return sorted(found, key=lambda i: (i.date or dt.date.min, i.page.src_path), reverse=True)

    return per_content(content, "incidents", compute)
