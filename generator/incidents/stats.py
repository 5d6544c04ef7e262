"""Build-time statistics: incidents and time to resolve per severity per quarter."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .derive import Incident


@dataclass(frozen=True)
class Cell:
    quarter: str  # "2026-Q1"
    severity: str  # "P1", or "unknown"
    count: int
    resolved_count: int  # incidents with a time to resolve
    mean_hours: float | None
    median_hours: float | None


def quarter(incident: Incident) -> str | None:
    if incident.date is None:
        return None
    return f"{incident.date.year}-Q{(incident.date.month - 1) // 3 + 1}"


def table(items: list[Incident]) -> list[Cell]:
    """One cell per (quarter, severity) that had incidents, oldest quarter first."""
    groups: dict[tuple[str, str], list[Incident]] = {}
    for inc in items:
        q = quarter(inc)
        if q is not None:
            groups.setdefault((q, inc.severity or "unknown"), []).append(inc)
    out = []
    for (q, sev), members in sorted(groups.items()):
        hours = [i.time_to_resolve.total_seconds() / 3600 for i in members if i.time_to_resolve is not None]
        out.append(Cell(q, sev, len(members), len(hours),
                        round(statistics.fmean(hours), 2) if hours else None,
                        round(statistics.median(hours), 2) if hours else None))
    return out

