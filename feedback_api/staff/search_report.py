"""Search analytics for /admin/search: top queries, content gaps (no results, only weak matches,
no clicks, each counted apart), click-through rate per day.

Reads the two tables the search feature writes (``search_queries`` from ``GET /api/v1/search``,
``search_clicks`` from the click beacon); SQLAlchemy Core only, the same SQL on SQLite and
PostgreSQL. Days are UTC days on both engines.

How clicks are matched to searches (an approximation)
-----------------------------------------------------
Neither table holds a visitor or session id (no personal data), so a click cannot be tied to the
search that produced it. Both are grouped by *normalized query + language + UTC day* instead.
Within one such group, with ``s`` searches and ``c`` clicks, ``min(s, c)`` searches count as
"clicked": each click is assumed to come from a different search until the searches run out.
So two results opened from one search count as two clicked searches when the same query was
searched twice that day (CTR slightly high), and a click after midnight on a search made before
it is lost (slightly low). Clicks with no search in their group (e.g. a result page reopened the
next day) are ignored. Only first-page searches count as searches: turning to page 2 logs another
row, and counting it would deflate the rate.

CTR = clicked searches / searches, overall, per query and per day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select
from sqlalchemy.engine import Connection

from feedback_api.search.models import SearchClick, SearchQuery
from feedback_api.staff import chart
from feedback_api.staff.filters import Filters

searches_t = SearchQuery.__table__
clicks_t = SearchClick.__table__

TOP_LIMIT = 50
GAP_LIMIT = 50


@dataclass(frozen=True)
class TopQuery:
    query: str
    searches: int
    avg_results: float
    clicks: int  # clicks matched to these searches
    clicked: int  # searches with at least one click (see the module docstring)

    @property
    def ctr(self) -> float:
        return self.clicked / self.searches if self.searches else 0.0


@dataclass(frozen=True)
class GapQuery:
    """A content gap: a query whose first page found nothing, or only weak matches."""
    query: str
    lang: str  # "" when the search was not narrowed to a language
    searches: int
    last_seen: dt.datetime


@dataclass(frozen=True)
class UnclickedQuery:
    query: str
    lang: str
    searches: int  # searches that found something
    avg_results: float
    last_seen: dt.datetime


@dataclass(frozen=True)
class SearchReport:
    searches: int
    clicked: int
    empty: int  # searches with no results
    top: list[TopQuery]
    no_results: list[GapQuery]
    weak: int  # searches that found only weak matches (no good answer: a content gap too)
    weak_answers: list[GapQuery]
    no_clicks: list[UnclickedQuery]
    daily: dict[dt.date, tuple[int, int]]  # day -> (searches, clicked searches)
    chart: chart.RateChart

    @property
    def ctr(self) -> float | None:
        return self.clicked / self.searches if self.searches else None

    @property
    def empty_share(self) -> float | None:
        return self.empty / self.searches if self.searches else None

    @property
    def weak_share(self) -> float | None:
        return self.weak / self.searches if self.searches else None


def _day(conn: Connection, column):
    # PostgreSQL's date() would use the session time zone; SQLite stores UTC and gives a string.
    if conn.dialect.name == "postgresql":
        return func.date(func.timezone(literal("UTC"), column))
    return func.date(column)


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, str):  # SQLite without type information on an aggregate
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _where(table, filters: Filters) -> list:
    where = [table.c.created_at >= filters.start, table.c.created_at < filters.end]
    if filters.lang:
        where.append(table.c.lang == filters.lang)
    return where


def _grouped(conn: Connection, filters: Filters):
    """One row per (query, language, day): searches, clicks and the clicked estimate."""
    s_lang = func.coalesce(searches_t.c.lang, literal("")).label("lang")
    s_day = _day(conn, searches_t.c.created_at).label("day")
    s = (
        select(
            searches_t.c.query.label("query"),
            s_lang,
            s_day,
            func.count().label("searches"),
            func.sum(case((searches_t.c.result_count > 0, 1), else_=0)).label("hits"),
            func.sum(searches_t.c.result_count).label("results"),
            func.max(searches_t.c.created_at).label("last_seen"),
        )
        .where(*_where(searches_t, filters), searches_t.c.page == 1)
        .group_by(searches_t.c.query, s_lang, s_day)
        .subquery("s")
    )
    c_lang = func.coalesce(clicks_t.c.lang, literal("")).label("lang")
    c_day = _day(conn, clicks_t.c.created_at).label("day")
    c = (
        select(clicks_t.c.query.label("query"), c_lang, c_day, func.count().label("clicks"))
        .where(*_where(clicks_t, filters))
        .group_by(clicks_t.c.query, c_lang, c_day)
        .subquery("c")
    )
    clicks = func.coalesce(c.c.clicks, 0)
    clicked = case((clicks >= s.c.searches, s.c.searches), else_=clicks)
    return (
        select(
            s.c.query, s.c.lang, s.c.day, s.c.searches, s.c.hits, s.c.results, s.c.last_seen,
            clicks.label("clicks"), clicked.label("clicked"),
        )
        .select_from(s.outerjoin(c, (c.c.query == s.c.query) & (c.c.lang == s.c.lang) & (c.c.day == s.c.day)))
        .subquery("j")
    )


def top_queries(conn: Connection, j, limit: int = TOP_LIMIT) -> list[TopQuery]:
    n = func.sum(j.c.searches).label("n")
    rows = conn.execute(
        select(j.c.query, n, func.sum(j.c.results), func.sum(j.c.clicks), func.sum(j.c.clicked))
        .group_by(j.c.query)
        .order_by(n.desc(), j.c.query)
        .limit(limit)
    )
    return [
        TopQuery(query, int(searches), int(results or 0) / int(searches), int(clicks or 0), int(clicked or 0))
        for query, searches, results, clicks, clicked in rows
    ]


def no_result_queries(conn: Connection, filters: Filters, limit: int = GAP_LIMIT) -> list[GapQuery]:
    return _gap_queries(conn, filters, searches_t.c.result_count == 0, limit)


def weak_answer_queries(conn: Connection, filters: Filters, limit: int = GAP_LIMIT) -> list[GapQuery]:
    """Queries whose results were only weak matches: something matched, nothing answered."""
    return _gap_queries(conn, filters, searches_t.c.answer == "weak", limit)


def _gap_queries(conn: Connection, filters: Filters, gap, limit: int) -> list[GapQuery]:
    lang = func.coalesce(searches_t.c.lang, literal("")).label("lang")
    n = func.count().label("n")
    last = func.max(searches_t.c.created_at).label("last_seen")
    rows = conn.execute(
        select(searches_t.c.query, lang, n, last)
        .where(*_where(searches_t, filters), searches_t.c.page == 1, gap)
        .group_by(searches_t.c.query, lang)
        .order_by(n.desc(), last.desc(), searches_t.c.query)
        .limit(limit)
    )
    return [GapQuery(q, lg or "", int(c), _as_datetime(at)) for q, lg, c, at in rows]


def no_click_queries(conn: Connection, j, limit: int = GAP_LIMIT) -> list[UnclickedQuery]:
    """Queries (per language) that found something on some day and were never clicked."""
    hits = func.sum(j.c.hits).label("hits")
    last = func.max(case((j.c.hits > 0, j.c.last_seen))).label("last_seen")
    rows = conn.execute(
        select(j.c.query, j.c.lang, hits, func.sum(case((j.c.hits > 0, j.c.results), else_=0)), last)
        .group_by(j.c.query, j.c.lang)
        .having(func.sum(j.c.hits) > 0, func.sum(j.c.clicks) == 0)
        .order_by(hits.desc(), last.desc(), j.c.query, j.c.lang)
        .limit(limit)
    )
    return [
        UnclickedQuery(q, lg or "", int(h), int(results or 0) / int(h), _as_datetime(at))
        for q, lg, h, results, at in rows
    ]


def per_day(conn: Connection, j) -> dict[dt.date, tuple[int, int]]:
    rows = conn.execute(select(j.c.day, func.sum(j.c.searches), func.sum(j.c.clicked)).group_by(j.c.day))
    return {_as_date(day): (int(n), int(k or 0)) for day, n, k in rows}


def build(conn: Connection, filters: Filters) -> SearchReport:
    j = _grouped(conn, filters)
    daily = per_day(conn, j)
    empty = conn.execute(
        select(func.count()).select_from(searches_t)
        .where(*_where(searches_t, filters), searches_t.c.page == 1, searches_t.c.result_count == 0)
    ).scalar_one()
    weak = conn.execute(
        select(func.count()).select_from(searches_t)
        .where(*_where(searches_t, filters), searches_t.c.page == 1, searches_t.c.answer == "weak")
    ).scalar_one()
    return SearchReport(
        searches=sum(n for n, _ in daily.values()),
        clicked=sum(k for _, k in daily.values()),
        empty=int(empty),
        top=top_queries(conn, j),
        no_results=no_result_queries(conn, filters),
        weak=int(weak),
        weak_answers=weak_answer_queries(conn, filters),
        no_clicks=no_click_queries(conn, j),
        daily=daily,
        chart=chart.build_rate(filters.days(), daily),
    )
