"""Search analytics: queries and result clicks (normalized, no personal data).

Revision ID: 0004_search
Revises: 0002_staff
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_search"
down_revision = "0002_staff"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "search_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(16), nullable=True),
        sa.Column("filters", sa.String(200), nullable=True),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("suggestion", sa.String(200), nullable=True),
        sa.Column("build_id", sa.String(80), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_search_queries"),
    )
    op.create_index("ix_search_queries_created_at", "search_queries", ["created_at"])
    op.create_index("ix_search_queries_query", "search_queries", ["query"])
    op.create_table(
        "search_clicks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("result_id", sa.String(300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_search_clicks"),
    )
    op.create_index("ix_search_clicks_created_at", "search_clicks", ["created_at"])
    op.create_index("ix_search_clicks_query", "search_clicks", ["query"])


def downgrade() -> None:
    op.drop_table("search_clicks")
    op.drop_table("search_queries")
