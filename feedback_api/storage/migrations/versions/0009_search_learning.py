"""Search learns from readers (search_signals) and staff propose synonyms (search_synonyms).

Revision ID: 0009_search_learning
Revises: 0008_languages
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_search_learning"
down_revision = "0008_languages"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "search_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query_key", sa.String(200), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("result_id", sa.String(300), nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_signals"),
        sa.UniqueConstraint("query_key", "result_id", "visitor", "kind", name="uq_search_signals_once"),
    )
    op.create_index("ix_search_signals_query_key", "search_signals", ["query_key"])
    op.create_index("ix_search_signals_at", "search_signals", ["at"])
    op.create_table(
        "search_synonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("words", sa.String(1000), nullable=False),
        sa.Column("proposed_by", sa.String(320), nullable=True),
        sa.Column("exported_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_search_synonyms"),
    )


def downgrade() -> None:
    op.drop_table("search_synonyms")
    op.drop_table("search_signals")
