"""The ``votes`` table and its two queries: upsert visitors' votes, read an article's counts.

``vote_counts`` holds each article's helpful / not helpful counts, kept by database triggers on
``votes`` (migration 0010): every insert, change and delete of a vote, through any code path,
moves its article's counts in the same transaction. A summary is then one primary-key read,
where counting the article's votes cost time in proportion to its votes (on PostgreSQL a heap
visit per vote not yet vacuumed: 1.7 ms for 2,800 votes, inside the votes' commit turn).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base
from feedback_api.storage.raw import Call, Query, RawStatement, chunks, db_timestamp

REASONS = ("outdated", "unclear", "incomplete", "did-not-solve", "other")


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (
        # One vote per visitor per article: the upsert's conflict target.
        UniqueConstraint("article_id", "visitor_hash", name="uq_votes_article_visitor"),
        # Covers counting an article's votes by helpfulness (staff reports, contributors' points).
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


class VoteCount(Base):
    """Derived from ``votes`` by triggers (see the module docstring); backups leave it out and a
    restore rebuilds it as the votes go back in."""

    __tablename__ = "vote_counts"

    article_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    helpful: Mapped[int] = mapped_column(Integer)
    not_helpful: Mapped[int] = mapped_column(Integer)


vote_counts = VoteCount.__table__


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

    def as_dict(self) -> dict[str, Any]:
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


COLUMNS = ("article_id", "visitor_hash", "helpful", "reason", "comment", "lang", "page_url")


# Built once per number of rows (see raw.py). ON CONFLICT .. DO UPDATE and RETURNING read the same on
# SQLite (>= 3.35) and PostgreSQL.
@functools.lru_cache(maxsize=64)
def _upsert(rows: int) -> RawStatement:
    values = ", ".join("(" + ", ".join(f":{c}{i}" for c in COLUMNS) + ", :now, :now)" for i in range(rows))
    return RawStatement(
        f"INSERT INTO votes ({', '.join(COLUMNS)}, created_at, updated_at) VALUES {values}"
        " ON CONFLICT (article_id, visitor_hash) DO UPDATE SET helpful = excluded.helpful, reason = excluded.reason,"
        " comment = excluded.comment, lang = excluded.lang, page_url = excluded.page_url, updated_at = excluded.updated_at"
        " RETURNING article_id, visitor_hash, created_at, updated_at"
    )


@functools.lru_cache(maxsize=64)
def _summaries(articles: int) -> RawStatement:
    ids = ", ".join(f":article_id{i}" for i in range(articles))
    return RawStatement(f"SELECT article_id, helpful, not_helpful FROM vote_counts WHERE article_id IN ({ids})")


def record_votes(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[tuple[bool, Summary]]:
    """Insert or replace each visitor's vote on each article, in order. Returns, for each row, True
    when its vote was new, and its article's summary with this call's votes counted. ``recording``
    is the same as a query that can share a round trip with others (``raw.run_together``).

    Atomic INSERT .. ON CONFLICT statements, so two concurrent votes from one visitor can never make
    two rows on either engine; one per 500 rows, and one more for each repeat of a visitor's vote
    on an article within ``rows`` (a statement may not change a row twice). An update keeps
    created_at, so created_at == updated_at in a returned row means it was just inserted. The
    counts are read after them in the same transaction, so they include the new votes.
    """
    return recording(conn, rows).run(conn)


def recording(conn: Connection, rows: Sequence[dict[str, Any]]) -> Query[list[tuple[bool, Summary]]]:
    """``record_votes`` as a query."""
    # Round k holds the k-th vote of each visitor on each article.
    rounds: list[list[int]] = []
    seen: Counter[tuple[str, str]] = Counter()
    for i, row in enumerate(rows):
        key = (row["article_id"], row["visitor_hash"])
        if seen[key] == len(rounds):
            rounds.append([])
        rounds[seen[key]].append(i)
        seen[key] += 1
    now = db_timestamp(conn, dt.datetime.now(dt.UTC))
    calls: list[Call] = []
    first_round = 0  # how many of the statements upsert round 0
    for k, indexes in enumerate(rounds):
        for chunk in chunks(indexes):
            params = {"now": now}
            for n, i in enumerate(chunk):
                params.update((f"{c}{n}", rows[i][c]) for c in COLUMNS)
            calls.append((_upsert(len(chunk)), params))
        if k == 0:
            first_round = len(calls)
    upserts = len(calls)
    for chunk in chunks(list(dict.fromkeys(row["article_id"] for row in rows))):
        calls.append((_summaries(len(chunk)), {f"article_id{n}": a for n, a in enumerate(chunk)}))

    def read(results: list[list[tuple[Any, ...]]]) -> list[tuple[bool, Summary]]:
        # Only a visitor's first vote on an article in this call can be new (round 0).
        inserted = {(a, v) for found in results[:first_round] for a, v, created, updated in found if created == updated}
        counted = {a: Summary(a, int(helpful), int(not_helpful))
                   for found in results[upserts:] for a, helpful, not_helpful in found}
        out = []
        for row in rows:
            key = (row["article_id"], row["visitor_hash"])
            out.append((key in inserted, counted[row["article_id"]]))
            inserted.discard(key)
        return out

    return Query(calls, read)


def record_vote(conn: Connection, row: dict[str, Any]) -> tuple[bool, Summary]:
    """``record_votes`` for one row."""
    return record_votes(conn, [row])[0]


def summary(conn: Connection, article_id: str) -> Summary:
    found = _SUMMARY.execute(conn, {"article_id": article_id})
    helpful, not_helpful = found[0] if found else (0, 0)
    return Summary(article_id, int(helpful), int(not_helpful))


_SUMMARY = RawStatement("SELECT helpful, not_helpful FROM vote_counts WHERE article_id = :article_id")
