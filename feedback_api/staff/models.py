"""Tables of the staff side: accounts, their sessions, login attempts, the audit log, comment triage.

The account table is deliberately not called "staff": contributors will register themselves into
the same table later with role ``contributor`` (see ``roles.py``), so nothing here assumes that
an account may see the dashboard.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.staff.clock import utcnow
from feedback_api.storage import votes as _votes  # noqa: F401 - comment_triage refers to votes.id
from feedback_api.storage.base import Base


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored lower-cased and stripped; uniqueness is on that form.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # A plain string, not an enum type: new roles must not need a migration.
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Self-registered contributors will have to confirm their address; staff made by an admin
    # are verified at creation.
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The portal's and dashboard's language, chosen with their switch; null: the browser's.
    lang: Mapped[str | None] = mapped_column(String(16))
    # Null for accounts made by the CLI or by self-registration.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class AccountSession(Base):
    """Server-side sessions, so logout and deactivation take effect at once on every worker."""

    __tablename__ = "account_sessions"

    # SHA-256 of the random session id; the id itself only ever lives in the signed cookie.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    client: Mapped[str | None] = mapped_column(String(64))


class LoginAttempt(Base):
    """Every sign-in attempt, so throttling holds across workers and restarts."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_account_key_created_at", "account_key", "created_at"),
        Index("ix_login_attempts_client_created_at", "client", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # SHA-256 of the normalised e-mail as typed: people paste passwords into the e-mail field,
    # and this table must not keep them. Unknown addresses are counted like known ones.
    account_key: Mapped[str] = mapped_column(String(64))
    # HMAC of the client address keyed by KB_SECRET_KEY, like the core rate limiter's counters.
    client: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    # Denormalised so the log still says who it was after an account is gone; "cli" for commands.
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str | None] = mapped_column(String(320))
    details: Mapped[dict | None] = mapped_column(JSON)
    client: Mapped[str | None] = mapped_column(String(64))


class CommentTriage(Base):
    """A reviewer's mark that a vote's comment has been dealt with; absent means open.

    Kept beside the votes table rather than in it: votes belong to the core service.
    """

    __tablename__ = "comment_triage"

    # Erasing a vote (e.g. a visitor's data request) takes its triage mark with it.
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
