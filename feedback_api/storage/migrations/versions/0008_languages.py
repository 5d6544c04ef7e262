"""Portal and dashboard languages: each account's chosen language, and notifications stored as a
catalogue key with its values so each contributor reads them in their own language.

Revision ID: 0008_languages
Revises: 0007_contrib_notices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_languages"
down_revision = "0007_contrib_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("lang", sa.String(16), nullable=True))
    with op.batch_alter_table("contrib_notifications") as batch:
        batch.add_column(sa.Column("message_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("message_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contrib_notifications") as batch:
        batch.drop_column("message_values")
        batch.drop_column("message_key")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("lang")
