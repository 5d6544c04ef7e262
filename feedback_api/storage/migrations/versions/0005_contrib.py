"""Contributions: submissions and their events, open questions, the points ledger, rewards,
notifications, and the visitor tokens contributors signed in with.

Revision ID: 0005_contrib
Revises: 0004_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_contrib"
down_revision = "0004_search"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _account_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["accounts.id"], name=f"fk_{table}_{column}_accounts", ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "contrib_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("category", sa.String(100), nullable=True),
        sa.Column("source", sa.String(400), nullable=True),
        sa.Column("bounty", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("accepted_submission_id", sa.String(24), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contrib_questions"),
        _account_fk("contrib_questions", "created_by_id", "SET NULL"),
    )
    op.create_table(
        "contrib_submissions",
        sa.Column("id", sa.String(24), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("article_id", sa.String(255), nullable=True),
        sa.Column("source_path", sa.String(1024), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("category", sa.String(100), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("base_body", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", _TS, nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", _TS, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("queued_at", _TS, nullable=False),
        sa.Column("exported_at", _TS, nullable=True),
        sa.Column("exported_path", sa.String(1024), nullable=True),
        sa.Column("published_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_contrib_submissions"),
        _account_fk("contrib_submissions", "account_id", "CASCADE"),
        _account_fk("contrib_submissions", "claimed_by_id", "SET NULL"),
        _account_fk("contrib_submissions", "decided_by_id", "SET NULL"),
        sa.ForeignKeyConstraint(["question_id"], ["contrib_questions.id"],
                                name="fk_contrib_submissions_question_id_contrib_questions", ondelete="SET NULL"),
    )
    op.create_index("ix_contrib_submissions_state_queued_at", "contrib_submissions", ["state", "queued_at"])
    op.create_index("ix_contrib_submissions_account_id_created_at", "contrib_submissions", ["account_id", "created_at"])
    op.create_table(
        "contrib_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(24), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contrib_events"),
        sa.ForeignKeyConstraint(["submission_id"], ["contrib_submissions.id"],
                                name="fk_contrib_events_submission_id_contrib_submissions", ondelete="CASCADE"),
        _account_fk("contrib_events", "actor_id", "SET NULL"),
    )
    op.create_index("ix_contrib_events_submission_id", "contrib_events", ["submission_id"])
    op.create_table(
        "contrib_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contrib_ledger"),
        sa.UniqueConstraint("idempotency_key", name="uq_contrib_ledger_idempotency_key"),
        _account_fk("contrib_ledger", "account_id", "CASCADE"),
        _account_fk("contrib_ledger", "actor_id", "SET NULL"),
    )
    op.create_index("ix_contrib_ledger_account_id_created_at", "contrib_ledger", ["account_id", "created_at"])
    op.create_index("ix_contrib_ledger_created_at", "contrib_ledger", ["created_at"])
    op.create_table(
        "contrib_rewards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(24), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("settled_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_contrib_rewards"),
        sa.UniqueConstraint("submission_id", "rule", name="uq_contrib_rewards_submission_rule"),
        _account_fk("contrib_rewards", "account_id", "CASCADE"),
        sa.ForeignKeyConstraint(["submission_id"], ["contrib_submissions.id"],
                                name="fk_contrib_rewards_submission_id_contrib_submissions", ondelete="CASCADE"),
    )
    op.create_index("ix_contrib_rewards_account_id", "contrib_rewards", ["account_id"])
    op.create_table(
        "contrib_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(24), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contrib_notifications"),
        _account_fk("contrib_notifications", "account_id", "CASCADE"),
    )
    op.create_index("ix_contrib_notifications_account_id", "contrib_notifications", ["account_id"])
    op.create_table(
        "contrib_visitors",
        sa.Column("visitor_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("visitor_hash", name="pk_contrib_visitors"),
        _account_fk("contrib_visitors", "account_id", "CASCADE"),
    )
    op.create_index("ix_contrib_visitors_account_id", "contrib_visitors", ["account_id"])


def downgrade() -> None:
    op.drop_table("contrib_visitors")
    op.drop_table("contrib_notifications")
    op.drop_table("contrib_rewards")
    op.drop_table("contrib_ledger")
    op.drop_table("contrib_events")
    op.drop_table("contrib_submissions")
    op.drop_table("contrib_questions")
