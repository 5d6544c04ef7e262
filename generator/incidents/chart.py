"""The statistics chart as inline SVG, drawn here so the site needs no charting library or service.

Grouped bars: one group per quarter, one bar per severity, height = mean hours to resolve (or the
incident count when no review has the times to compute it). Each bar has a <title> for hover text,
and the page shows the same numbers as a table beside the chart.
"""

from __future__ import annotations

from ..site import formats
from ..site.html import render
from ..site.i18n import t, tn
from .stats import Cell

COLORS = {"P0": "#b71c1c", "P1": "#e65100", "P2": "#f9a825", "P3": "#2e7d32", "unknown": "#757575"}
_EXTRA = ["#1565c0", "#6a1b9a", "#00838f", "#4e342e"]
BAR, GAP, HEIGHT, LEFT, BOTTOM, TOP = 12, 14, 180, 44, 58, 16


def _color(sev: str, order: list[str]) -> str:
    return COLORS.get(sev) or _EXTRA[order.index(sev) % len(_EXTRA)]


def svg(cells: list[Cell], lang: str = "en", template_dir: str | None = None) -> str:
    """The chart (template incident_chart.svg); geometry is computed here, words come from the catalogue."""
    if not cells:
        return ""
    by_time = any(c.mean_hours is not None for c in cells)

    def value(c: Cell) -> float:
        return (c.mean_hours or 0.0) if by_time else float(c.count)

    quarters = sorted({c.quarter for c in cells})
    sevs = sorted({c.severity for c in cells}, key=lambda s: (s == "unknown", s))
    top = max(value(c) for c in cells) or 1.0
    group_w = len(sevs) * BAR + GAP
    width = LEFT + len(quarters) * group_w + 10
    height = TOP + HEIGHT + BOTTOM
    unit = t(lang, "chart_hours" if by_time else "chart_count")
    none = t(lang, "not_available")
    index = {(c.quarter, c.severity): c for c in cells}
    groups = []
    for qi, q in enumerate(quarters):
        x0 = LEFT + qi * group_w
        bars = []
        for si, sev in enumerate(sevs):
            c = index.get((q, sev))
            if c is not None:
                h = max(value(c) / top * HEIGHT, 1.0)
                bars.append({"x": x0 + si * BAR, "y": f"{TOP + HEIGHT - h:.1f}", "h": f"{h:.1f}", "color": _color(sev, sevs),
                             "tip": t(lang, "chart_tip", quarter=q, severity=sev, incidents=tn(lang, "incident_count", c.count),
                                      mean=formats.hours(c.mean_hours, lang) or none, median=formats.hours(c.median_hours, lang) or none)})
        groups.append({"quarter": q, "bars": bars, "label_x": f"{x0 + (len(sevs) * BAR) / 2:.1f}"})
    return render(
        "incident_chart.svg", template_dir, width=width, height=height, top=TOP, base=TOP + HEIGHT, left=LEFT, bar=BAR,
        label=t(lang, "chart_label", unit=unit), max_text=t(lang, "chart_max", unit=unit, top=f"{top:g}"), groups=groups,
        ticks=[{"y": f"{TOP + HEIGHT - frac * HEIGHT + 3:.1f}", "text": f"{top * frac:.3g}"} for frac in (0.5, 1.0)],
        legend=[{"x": LEFT + si * 60, "y": height - 8, "color": _color(sev, sevs), "sev": sev} for si, sev in enumerate(sevs)],
    )
