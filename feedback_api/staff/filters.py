"""The dashboard's filters, read from the query string so every view and the CSV share them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from feedback_api.i18n import msg

DEFAULT_DAYS = 30
MAX_DAYS = 366 * 3  # the per-day chart and queries stay bounded
DEFAULT_MIN_VOTES = 5


@dataclass(frozen=True)
class Filters:
    date_from: dt.date
    date_to: dt.date
    category: str = ""
    lang: str = ""
    min_votes: int = DEFAULT_MIN_VOTES
    problems: tuple[str, ...] = field(default=())  # what was wrong with the query string, shown to staff

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date_from, dt.time(), tzinfo=dt.UTC)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: the start of the day after ``date_to``."""
        return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)

    def days(self) -> list[dt.date]:
        return [self.date_from + dt.timedelta(days=i) for i in range((self.date_to - self.date_from).days + 1)]

    def query(self, **overrides) -> str:
        values = {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "category": self.category,
            "lang": self.lang,
            "min_votes": str(self.min_votes),
        }
        values.update({k: v for k, v in overrides.items()})
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def parse(params, today: dt.date | None = None) -> Filters:
    today = today or dt.datetime.now(dt.UTC).date()
    problems: list[str] = []
    date_to = _date(params.get("to"), today, "to", problems)
    date_from = _date(params.get("from"), date_to - dt.timedelta(days=DEFAULT_DAYS - 1), "from", problems)
    if date_from > date_to:
        problems.append(msg("filters.swapped"))
        date_from, date_to = date_to, date_from
    if (date_to - date_from).days >= MAX_DAYS:
        problems.append(msg("filters.too_long", days=MAX_DAYS))
        date_from = date_to - dt.timedelta(days=MAX_DAYS - 1)
    min_votes = DEFAULT_MIN_VOTES
    raw = (params.get("min_votes") or "").strip()
    if raw:
        try:
            min_votes = max(1, min(int(raw), 100000))
        except ValueError:
            problems.append(msg("filters.bad_min_votes", value=repr(raw)))
    return Filters(
        date_from=date_from,
        date_to=date_to,
        category=(params.get("category") or "").strip()[:200],
        lang=(params.get("lang") or "").strip()[:20],
        min_votes=min_votes,
        problems=tuple(problems),
    )


def _date(raw: str | None, default: dt.date, name: str, problems: list[str]) -> dt.date:
    raw = (raw or "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(msg("filters.bad_date", name=name, value=repr(raw)))
        return default


def with_problems(filters: Filters, *more: str) -> Filters:
    return replace(filters, problems=filters.problems + tuple(more))
