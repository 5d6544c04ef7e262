"""The ``votes`` table and its two queries: upsert one visitor's vote, count an article's votes."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base

REASONS = ("outdated", "unclear", "incomplete", "did-not-solve", "other")


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (
        # One vote per visitor per article: the upsert's conflict target.
        UniqueConstraint("article_id", "visitor_hash", name="uq_votes_article_visitor"),
        # Covers the summary count without touching the table rows.
        Index("ix_votes_article_helpful", "article_id", "helpful"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(255))
    # HMAC-SHA256 (hex) of the browser's token keyed by KB_SECRET_KEY; the raw token is never stored.
    visitor_hash: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    lang: Mapped[str | None] = mapped_column(String(8), nullable=True)
    page_url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


votes = Vote.__table__
# PostgreSQL's xmax is 0 on a freshly inserted row version, non-zero on an ON CONFLICT update.
_PG_INSERTED = literal_column("(xmax = 0)").label("inserted")


@dataclass(frozen=True)
class Summary:
    article_id: str
    helpful: int
    not_helpful: int

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def score(self) -> float:
        return wilson_lower_bound(self.helpful, self.total)

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "helpful": self.helpful,
            "not_helpful": self.not_helpful,
            "total": self.total,
            "score": round(self.score, 6),
        }


def wilson_lower_bound(positive: int, total: int, z: float = 1.959963984540054) -> float:
    """Lower bound of the 95% Wilson interval: ranks 9/10 above 1/1, unlike a plain ratio."""
    if total == 0:
        return 0.0
    p = positive / total
    z2 = z * z
    centre = p + z2 / (2 * total)
    margin = z * math.sqrt((p * (1 - p) + z2 / (4 * total)) / total)
    return max(0.0, (centre - margin) / (1 + z2 / total))


def _insert(conn: Connection):
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(votes)


def upsert_vote(conn: Connection, row: dict) -> bool:
    """Insert or replace this visitor's vote on this article; True when it was new.

    One atomic INSERT .. ON CONFLICT statement, so two concurrent votes from one visitor can never
    create two rows on either engine. On PostgreSQL ``xmax = 0`` tells an insert from an update; on
    SQLite the caller holds the write lock (BEGIN IMMEDIATE), so a look first is race-free.
    """
    now = dt.datetime.now(dt.timezone.utc)
    values = {**row, "created_at": now, "updated_at": now}
    stmt = _insert(conn).values(**values)
    changed = {k: stmt.excluded[k] for k in ("helpful", "reason", "comment", "lang", "page_url", "updated_at")}
    stmt = stmt.on_conflict_do_update(index_elements=["article_id", "visitor_hash"], set_=changed)
    if conn.dialect.name == "postgresql":
        return bool(conn.execute(stmt.returning(_PG_INSERTED)).scalar_one())
    existed = conn.execute(
        select(votes.c.id).where(votes.c.article_id == row["article_id"], votes.c.visitor_hash == row["visitor_hash"])
    ).first()
    conn.execute(stmt)
    return existed is None


def summary(conn: Connection, article_id: str) -> Summary:
    rows = conn.execute(
        select(votes.c.helpful, func.count()).where(votes.c.article_id == article_id).group_by(votes.c.helpful)
    ).all()
    counts = {bool(h): n for h, n in rows}
    return Summary(article_id, counts.get(True, 0), counts.get(False, 0))
