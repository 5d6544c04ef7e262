"""The ``votes`` table and its two queries: upsert one visitor's vote, count an article's votes."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base
from feedback_api.storage.raw import RawStatement, db_timestamp, execute_together

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


# One statement each, prebuilt (see raw.py). ON CONFLICT .. DO UPDATE and RETURNING read the same
# on SQLite (>= 3.35) and PostgreSQL.
_UPSERT = RawStatement(
    "INSERT INTO votes (article_id, visitor_hash, helpful, reason, comment, lang, page_url, created_at, updated_at)"
    " VALUES (:article_id, :visitor_hash, :helpful, :reason, :comment, :lang, :page_url, :now, :now)"
    " ON CONFLICT (article_id, visitor_hash) DO UPDATE SET helpful = excluded.helpful, reason = excluded.reason,"
    " comment = excluded.comment, lang = excluded.lang, page_url = excluded.page_url, updated_at = excluded.updated_at"
    " RETURNING created_at, updated_at"
)
_SUMMARY = RawStatement(
    "SELECT COALESCE(SUM(CASE WHEN helpful THEN 1 ELSE 0 END), 0), COUNT(*) FROM votes WHERE article_id = :article_id"
)


def record_vote(conn: Connection, row: dict, along: list[tuple[RawStatement, dict]]) -> tuple[bool, Summary, list[list[tuple]]]:
    """Insert or replace this visitor's vote on this article. Returns True when it was new, the
    article's summary with this vote counted, and the rows of the ``along`` statements, which run
    first in the same round trip on PostgreSQL (the rate-limit count: see raw.execute_together).

    One atomic INSERT .. ON CONFLICT statement, so two concurrent votes from one visitor can never
    make two rows on either engine. An update keeps created_at, so created_at == updated_at in the
    returned row means the row was just inserted. The summary query runs after it in the same
    transaction, so it sees the new vote.
    """
    now = db_timestamp(conn, dt.datetime.now(dt.timezone.utc))
    *along_rows, upserted, counted = execute_together(
        conn, [*along, (_UPSERT, {**row, "now": now}), (_SUMMARY, {"article_id": row["article_id"]})])
    ((created_at, updated_at),) = upserted
    return created_at == updated_at, _summary(row["article_id"], counted), along_rows


def summary(conn: Connection, article_id: str) -> Summary:
    return _summary(article_id, _SUMMARY.execute(conn, {"article_id": article_id}))


def _summary(article_id: str, rows: list[tuple]) -> Summary:
    ((helpful, total),) = rows
    return Summary(article_id, int(helpful), int(total) - int(helpful))
