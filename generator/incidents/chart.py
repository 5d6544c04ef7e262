"""The statistics chart as inline SVG, drawn here so the site needs no charting library or service.

Grouped bars: one group per quarter, one bar per severity, height = mean hours to resolve (or the
incident count when no review has the times to compute it). Each bar has a <title> for hover text,
and the page shows the same numbers as a table beside the chart.
"""

from __future__ import annotations

from html import escape

from ..site import formats
from ..site.i18n import t, tn
from .stats import Cell

COLORS = {"P0": "#b71c1c", "P1": "#e65100", "P2": "#f9a825", "P3": "#2e7d32", "unknown": "#757575"}
_EXTRA = ["#1565c0", "#6a1b9a", "#00838f", "#4e342e"]
BAR, GAP, HEIGHT, LEFT, BOTTOM, TOP = 12, 14, 180, 44, 58, 16


def _color(sev: str, order: list[str]) -> str:
    return COLORS.get(sev) or _EXTRA[order.index(sev) % len(_EXTRA)]


def svg(cells: list[Cell], lang: str = "en") -> str:
    if not cells:
        return ""
    by_time = any(c.mean_hours is not None for c in cells)
    value = (lambda c: c.mean_hours or 0.0) if by_time else (lambda c: float(c.count))
    quarters = sorted({c.quarter for c in cells})
    sevs = sorted({c.severity for c in cells}, key=lambda s: (s == "unknown", s))
    top = max(value(c) for c in cells) or 1.0
    group_w = len(sevs) * BAR + GAP
    width = LEFT + len(quarters) * group_w + 10
    height = TOP + HEIGHT + BOTTOM
    unit = t(lang, "chart_hours" if by_time else "chart_count")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-incident-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(t(lang, "chart_label", unit=unit))}">',
        f'<text x="4" y="{TOP - 4}" font-size="10" fill="currentColor">{escape(t(lang, "chart_max", unit=unit, top=f"{top:g}"))}</text>',
        f'<line x1="{LEFT - 2}" y1="{TOP + HEIGHT}" x2="{width - 4}" y2="{TOP + HEIGHT}" stroke="currentColor" stroke-width="1"/>',
    ]
    for frac in (0.5, 1.0):
        y = TOP + HEIGHT - frac * HEIGHT
        parts.append(f'<text x="{LEFT - 6}" y="{y + 3:.1f}" font-size="9" text-anchor="end" fill="currentColor">{top * frac:.3g}</text>')
    index = {(c.quarter, c.severity): c for c in cells}
    for qi, q in enumerate(quarters):
        x0 = LEFT + qi * group_w
        for si, sev in enumerate(sevs):
            c = index.get((q, sev))
            if c is None:
                continue
            h = max(value(c) / top * HEIGHT, 1.0)
            none = t(lang, "not_available")
            tip = t(lang, "chart_tip", quarter=q, severity=sev, incidents=tn(lang, "incident_count", c.count),
                    mean=formats.hours(c.mean_hours, lang) or none, median=formats.hours(c.median_hours, lang) or none)
            parts.append(
                f'<rect x="{x0 + si * BAR}" y="{TOP + HEIGHT - h:.1f}" width="{BAR - 2}" height="{h:.1f}" '
                f'fill="{_color(sev, sevs)}"><title>{escape(tip)}</title></rect>'
            )
        label_x = x0 + (len(sevs) * BAR) / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{TOP + HEIGHT + 12}" font-size="9" text-anchor="end" '
            f'transform="rotate(-45 {label_x:.1f} {TOP + HEIGHT + 12})" fill="currentColor">{q}</text>'
        )
    for si, sev in enumerate(sevs):  # legend
        x = LEFT + si * 60
        y = height - 8
        parts.append(f'<rect x="{x}" y="{y - 8}" width="8" height="8" fill="{_color(sev, sevs)}"/>')
        parts.append(f'<text x="{x + 11}" y="{y}" font-size="9" fill="currentColor">{escape(sev)}</text>')
    parts.append("</svg>")
    return "".join(parts)
