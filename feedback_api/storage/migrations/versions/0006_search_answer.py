"""Search analytics: whether a search found a good answer, only weak matches, or nothing.

Revision ID: 0006_search_answer
Revises: 0005_contrib
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_search_answer"
down_revision = "0005_contrib"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "good" | "weak" | "none"; NULL for rows logged before the search reported it
    with op.batch_alter_table("search_queries") as batch:
        batch.add_column(sa.Column("answer", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("search_queries") as batch:
        batch.drop_column("answer")
