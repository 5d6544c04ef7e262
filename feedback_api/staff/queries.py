"""Read-only queries on the core ``votes`` table, all narrowed by the same filters.

Category comes from the manifest (votes do not carry it), so it becomes a list of article ids.
Language matches either the vote's own language or the article's language in the manifest,
because older votes may have been sent without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import case, false, func, or_, select
from sqlalchemy.engine import Connection

from feedback_api.staff.articles import Catalogue
from feedback_api.staff.filters import Filters
from feedback_api.staff.models import CommentTriage
from feedback_api.storage.votes import votes

NO_REASON = "(none given)"
triage = CommentTriage.__table__


def conditions(filters: Filters, catalogue: Catalogue) -> list:
    where = [votes.c.created_at >= filters.start, votes.c.created_at < filters.end]
    if filters.category:
        ids = catalogue.ids(category=filters.category)
        where.append(votes.c.article_id.in_(ids) if ids else false())
    if filters.lang:
        ids = catalogue.ids(lang=filters.lang)
        where.append(or_(votes.c.lang == filters.lang, votes.c.article_id.in_(ids)) if ids else votes.c.lang == filters.lang)
    return where


def per_article(conn: Connection, where: list) -> dict[str, tuple[int, int]]:
    """article_id -> (helpful votes, all votes)."""
    helpful = func.sum(case((votes.c.helpful.is_(True), 1), else_=0))
    rows = conn.execute(select(votes.c.article_id, helpful, func.count()).where(*where).group_by(votes.c.article_id))
    return {article_id: (int(h or 0), int(n)) for article_id, h, n in rows}


def _day(conn: Connection):
    # Buckets are UTC days on both engines: PostgreSQL's date() would use the session time zone.
    if conn.dialect.name == "postgresql":
        return func.date(func.timezone("UTC", votes.c.created_at))
    return func.date(votes.c.created_at)


def per_day(conn: Connection, where: list) -> dict[dt.date, tuple[int, int]]:
    """day -> (helpful votes, not-helpful votes)."""
    day = _day(conn).label("day")
    helpful = func.sum(case((votes.c.helpful.is_(True), 1), else_=0))
    rows = conn.execute(select(day, helpful, func.count()).where(*where).group_by(day))
    out = {}
    for value, h, n in rows:
        key = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        out[key] = (int(h or 0), int(n) - int(h or 0))
    return out


def reasons(conn: Connection, where: list) -> list[tuple[str, int]]:
    """Reasons given with not-helpful votes, most frequent first."""
    reason = func.coalesce(votes.c.reason, NO_REASON).label("reason")
    rows = conn.execute(
        select(reason, func.count().label("n"))
        .where(*where, votes.c.helpful.is_(False))
        .group_by(reason)
        .order_by(func.count().desc(), reason)
    )
    return [(r, int(n)) for r, n in rows]


def reasons_by_article(conn: Connection, where: list) -> dict[str, str]:
    """The most frequent reason per article among not-helpful votes (ties: alphabetical)."""
    rows = conn.execute(
        select(votes.c.article_id, votes.c.reason, func.count())
        .where(*where, votes.c.helpful.is_(False), votes.c.reason.is_not(None))
        .group_by(votes.c.article_id, votes.c.reason)
    )
    best: dict[str, str] = {}
    for article_id, reason, _n in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
        best.setdefault(article_id, reason)
    return best


@dataclass(frozen=True)
class Comment:
    vote_id: int
    article_id: str
    helpful: bool
    reason: str | None
    comment: str
    lang: str | None
    at: dt.datetime  # last change: a visitor may edit their vote and comment
    handled: bool


def comments(conn: Connection, where: list, *, limit: int = 25, open_only: bool = False) -> list[Comment]:
    handled = triage.c.status.is_not(None)
    query = (
        select(
            votes.c.id, votes.c.article_id, votes.c.helpful, votes.c.reason, votes.c.comment, votes.c.lang,
            votes.c.updated_at, handled,
        )
        .select_from(votes.outerjoin(triage, triage.c.vote_id == votes.c.id))
        .where(*where, votes.c.comment.is_not(None), votes.c.comment != "")
        .order_by(votes.c.updated_at.desc(), votes.c.id.desc())
        .limit(limit)
    )
    if open_only:
        query = query.where(triage.c.status.is_(None))
    return [Comment(*row) for row in conn.execute(query)]


def export(conn: Connection, where: list, batch: int = 1000) -> Iterator[tuple]:
    """Votes oldest first, fetched in batches so a large export does not sit in memory at once."""
    last_id = 0
    while True:
        rows = conn.execute(
            select(
                votes.c.id, votes.c.created_at, votes.c.updated_at, votes.c.article_id, votes.c.lang,
                votes.c.helpful, votes.c.reason, votes.c.comment,
            )
            .where(*where, votes.c.id > last_id)
            .order_by(votes.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1][0]


def vote_exists(conn: Connection, vote_id: int) -> bool:
    return conn.execute(select(votes.c.id).where(votes.c.id == vote_id)).first() is not None

