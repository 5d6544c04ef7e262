"""Tables of the contributions feature (migration 0005_contrib).

Submissions keep their current text in one row and every step (submitted, claimed, decided,
revised, exported, published) as an event row, so the review page can show the history of a
revision. Points are an append-only ledger: a balance is a SUM, and every row has a UNIQUE
idempotency key so a retried request or a second manifest reload can never pay twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.staff import models as _staff  # noqa: F401 - foreign keys refer to accounts.id
from feedback_api.staff.clock import utcnow
from feedback_api.storage.base import Base

# Submission states. "in_review" is held by one reviewer (claimed_by_id) until they decide.
PENDING, IN_REVIEW, CHANGES_REQUESTED = "pending", "in_review", "changes_requested"
APPROVED, REJECTED, PUBLISHED = "approved", "rejected", "published"
STATES = (PENDING, IN_REVIEW, CHANGES_REQUESTED, APPROVED, REJECTED, PUBLISHED)
KINDS = ("edit", "article")

_TS = DateTime(timezone=True)


class Submission(Base):
    __tablename__ = "contrib_submissions"
    __table_args__ = (
        Index("ix_contrib_submissions_state_queued_at", "state", "queued_at"),
        Index("ix_contrib_submissions_account_id_created_at", "account_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(24), primary_key=True)  # "sub-…", written into front matter
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(24), default=PENDING)
    # Edits: the article's id and its source path (relative to the content folder) from the manifest.
    article_id: Mapped[str | None] = mapped_column(String(255))
    source_path: Mapped[str | None] = mapped_column(String(1024))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("contrib_questions.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list | None] = mapped_column(JSON)
    lang: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    # The article's Markdown when the edit was made: the diff still works if the file moved since.
    base_body: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(_TS)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(_TS)
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)
    # When it (re-)entered the queue: the queue is oldest first by this.
    queued_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)
    exported_at: Mapped[dt.datetime | None] = mapped_column(_TS)
    exported_path: Mapped[str | None] = mapped_column(String(1024))
    published_at: Mapped[dt.datetime | None] = mapped_column(_TS)


class SubmissionEvent(Base):
    __tablename__ = "contrib_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("contrib_submissions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # submitted, claimed, approved, rejected, changes_requested, revised ...
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    revision: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)  # the text of a submitted or revised revision
    created_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)


class Question(Base):
    """An open question staff made from a content gap; the accepted answer earns the bounty."""

    __tablename__ = "contrib_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8), default="en")
    category: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(400))  # "comment:<vote id>", "search:<query>" or null
    bounty: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open, answered, closed
    accepted_submission_id: Mapped[str | None] = mapped_column(String(24))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)


class LedgerEntry(Base):
    """Append-only: rows are never updated or deleted; a reversal is a new negative row."""

    __tablename__ = "contrib_ledger"
    __table_args__ = (Index("ix_contrib_ledger_account_id_created_at", "account_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(300))  # "submission:<id>", "vote:<id>", ...
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow, index=True)


class Reward(Base):
    """An award that waits for publication: pending until the content is in a built site."""

    __tablename__ = "contrib_rewards"
    __table_args__ = (UniqueConstraint("submission_id", "rule", name="uq_contrib_rewards_submission_rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("contrib_submissions.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(40))
    points: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, granted, revoked
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)
    settled_at: Mapped[dt.datetime | None] = mapped_column(_TS)


class Notification(Base):
    """What happened to a contributor's work, on their profile; unread ones are counted in the header."""

    __tablename__ = "contrib_notifications"
    __table_args__ = (Index("ix_contrib_notifications_account_id_read_at", "account_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[str | None] = mapped_column(String(24))
    message: Mapped[str] = mapped_column(Text)  # in English, for rows from before message_key
    # The catalogue entry (generator/site/i18n.py) and its values: shown in the reader's language.
    message_key: Mapped[str | None] = mapped_column(String(64))
    message_values: Mapped[dict | None] = mapped_column(JSON)
    points: Mapped[int | None] = mapped_column(Integer)  # points this event granted (negative: taken back)
    created_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(_TS)


class VisitorLink(Base):
    """The help-center visitor tokens (as the votes table's keyed hash) a contributor signed in with."""

    __tablename__ = "contrib_visitors"

    visitor_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[dt.datetime] = mapped_column(_TS, default=utcnow)
