"""Contributor notifications: the points an event earned, and when the contributor saw it
(the portal header counts the unread ones).

Revision ID: 0007_contrib_notices
Revises: 0006_search_answer
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_contrib_notices"
down_revision = "0006_search_answer"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contrib_notifications") as batch:
        batch.add_column(sa.Column("points", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    # Notifications from before this revision were shown on the profile already: not "new".
    op.execute("UPDATE contrib_notifications SET read_at = created_at")
    op.create_index("ix_contrib_notifications_account_id_read_at", "contrib_notifications", ["account_id", "read_at"])


def downgrade() -> None:
    op.drop_index("ix_contrib_notifications_account_id_read_at", table_name="contrib_notifications")
    with op.batch_alter_table("contrib_notifications") as batch:
        batch.drop_column("read_at")
        batch.drop_column("points")
