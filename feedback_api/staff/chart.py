"""Geometry for the votes-per-day chart: stacked bars, helpful below, not helpful on top.

Only numbers and dates leave this module; the SVG itself is a Jinja2 template, so every piece of
text in it goes through autoescaping like the rest of the dashboard.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 48  # room for the y labels and the x labels + axis title


@dataclass(frozen=True)
class Bar:
    day: dt.date
    x: float
    width: float
    helpful: int
    not_helpful: int
    helpful_y: float
    helpful_h: float
    not_helpful_y: float
    not_helpful_h: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_w: int = WIDTH - LEFT - RIGHT
    plot_h: int = HEIGHT - TOP - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_ticks: list[tuple[float, dt.date]] = field(default_factory=list)
    total: int = 0

    @property
    def bottom(self) -> int:
        return self.top + self.plot_h


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A 1, 2 or 5 times a power of ten step that covers ``maximum`` in about ``ticks`` steps."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if mult * power >= raw:
            return int(mult * power)
    return int(10 * power)


def build(days: list[dt.date], counts: dict[dt.date, tuple[int, int]]) -> Chart:
    totals = [sum(counts.get(d, (0, 0))) for d in days]
    chart = Chart(total=sum(totals))
    peak = max(max(totals, default=0), 1)
    step = nice_step(peak)
    top_value = math.ceil(peak / step) * step
    scale = chart.plot_h / top_value
    slot = chart.plot_w / max(len(days), 1)
    gap = min(slot * 0.2, 4)
    for i, day in enumerate(days):
        helpful, not_helpful = counts.get(day, (0, 0))
        helpful_y = round(chart.bottom - helpful * scale, 2)
        not_helpful_y = round(helpful_y - not_helpful * scale, 2)
        chart.bars.append(
            Bar(
                day=day,
                x=round(chart.left + i * slot + gap / 2, 2),
                width=round(max(slot - gap, 1), 2),
                helpful=helpful,
                not_helpful=not_helpful,
                helpful_y=helpful_y,
                # Heights from the rounded edges, so the two parts touch without a hairline gap.
                helpful_h=round(chart.bottom - helpful_y, 2),
                not_helpful_y=not_helpful_y,
                not_helpful_h=round(helpful_y - not_helpful_y, 2),
            )
        )
    chart.y_ticks.extend((round(chart.bottom - v * scale, 2), v) for v in range(0, top_value + 1, step))
    # About six date labels whatever the range; the last day is labelled when there is room.
    every = max(1, math.ceil(len(days) / 6))
    for i, day in enumerate(days):
        last = i == len(days) - 1
        if i % every == 0 or (last and i % every >= every / 2):
            chart.x_ticks.append((round(chart.left + (i + 0.5) * slot, 2), day))  # labelled in the page language
    return chart


# --- Search click-through rate: searches per day as bars (left axis), CTR as a line (right axis).

RATE_RIGHT = 48  # room for the percentage labels on the right


@dataclass(frozen=True)
class RatePoint:
    day: dt.date
    x: float  # centre of the day's slot
    bar_x: float
    bar_width: float
    bar_y: float
    bar_h: float
    searches: int
    clicked: int
    y: float | None  # CTR point; None on days without searches

    @property
    def ctr(self) -> float | None:
        return self.clicked / self.searches if self.searches else None


@dataclass
class RateChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_w: int = WIDTH - LEFT - RATE_RIGHT
    plot_h: int = HEIGHT - TOP - BOTTOM
    points: list[RatePoint] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # polyline "x,y x,y" runs, broken at days without searches
    y_ticks: list[tuple[float, int]] = field(default_factory=list)  # searches axis (left)
    rate_ticks: list[tuple[float, int]] = field(default_factory=list)  # CTR axis in percent (right)
    x_ticks: list[tuple[float, dt.date]] = field(default_factory=list)
    searches: int = 0
    clicked: int = 0

    @property
    def bottom(self) -> int:
        return self.top + self.plot_h

    @property
    def right(self) -> int:
        return self.left + self.plot_w


def build_rate(days: list[dt.date], counts: dict[dt.date, tuple[int, int]]) -> RateChart:
    """``counts``: day -> (searches, searches with a click)."""
    chart = RateChart()
    totals = [counts.get(d, (0, 0)) for d in days]
    chart.searches = sum(n for n, _ in totals)
    chart.clicked = sum(k for _, k in totals)
    peak = max(max((n for n, _ in totals), default=0), 1)
    step = nice_step(peak)
    top_value = math.ceil(peak / step) * step
    scale = chart.plot_h / top_value
    slot = chart.plot_w / max(len(days), 1)
    gap = min(slot * 0.2, 4)
    run: list[str] = []
    for i, day in enumerate(days):
        searches, clicked = counts.get(day, (0, 0))
        clicked = min(clicked, searches)
        centre = round(chart.left + (i + 0.5) * slot, 2)
        bar_y = round(chart.bottom - searches * scale, 2)
        y = round(chart.bottom - (clicked / searches) * chart.plot_h, 2) if searches else None
        chart.points.append(RatePoint(
            day=day, x=centre, bar_x=round(chart.left + i * slot + gap / 2, 2), bar_width=round(max(slot - gap, 1), 2),
            bar_y=bar_y, bar_h=round(chart.bottom - bar_y, 2), searches=searches, clicked=clicked, y=y,
        ))
        if y is None:
            if run:
                chart.lines.append(" ".join(run))
            run = []
        else:
            run.append(f"{centre},{y}")
    if run:
        chart.lines.append(" ".join(run))
    chart.y_ticks.extend((round(chart.bottom - v * scale, 2), v) for v in range(0, top_value + 1, step))
    chart.rate_ticks.extend((round(chart.bottom - p / 100 * chart.plot_h, 2), p) for p in range(0, 101, 25))
    every = max(1, math.ceil(len(days) / 6))
    for i, day in enumerate(days):
        last = i == len(days) - 1
        if i % every == 0 or (last and i % every >= every / 2):
            chart.x_ticks.append((round(chart.left + (i + 0.5) * slot, 2), day))  # labelled in the page language
    return chart
