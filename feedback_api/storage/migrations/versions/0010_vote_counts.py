"""Each article's vote counts (vote_counts), kept by triggers on votes: a summary is one row read.

Counting an article's votes on every vote cost time in proportion to its votes, inside the
votes' commit turn (feedback_api/storage/votes.py). The triggers move the counts with every
insert, change and delete of a vote in the same transaction, whatever code path writes it
(the API, a backup restore, a manual DELETE); the upgrade counts the votes already stored.

Revision ID: 0010_vote_counts
Revises: 0009_search_learning
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_vote_counts"
down_revision = "0009_search_learning"
branch_labels = None
depends_on = None

# One statement each: a vote's counts added (NEW) or taken away (OLD). Booleans are 0/1 on SQLite.
_ADD = {
    "sqlite": "INSERT INTO vote_counts (article_id, helpful, not_helpful) VALUES (NEW.article_id, NEW.helpful, 1 - NEW.helpful)"
              " ON CONFLICT (article_id) DO UPDATE SET helpful = helpful + excluded.helpful,"
              " not_helpful = not_helpful + excluded.not_helpful",
    "postgresql": "INSERT INTO vote_counts AS c (article_id, helpful, not_helpful)"
                  " VALUES (NEW.article_id, NEW.helpful::int, (NOT NEW.helpful)::int)"
                  " ON CONFLICT (article_id) DO UPDATE SET helpful = c.helpful + excluded.helpful,"
                  " not_helpful = c.not_helpful + excluded.not_helpful",
}
_TAKE = {
    "sqlite": "UPDATE vote_counts SET helpful = helpful - OLD.helpful, not_helpful = not_helpful - (1 - OLD.helpful)"
              " WHERE article_id = OLD.article_id",
    "postgresql": "UPDATE vote_counts SET helpful = helpful - OLD.helpful::int, not_helpful = not_helpful - (NOT OLD.helpful)::int"
                  " WHERE article_id = OLD.article_id",
}
# Re-voting the same way (the upsert always sets helpful) leaves the counts alone.
_CHANGED = "OLD.helpful <> NEW.helpful OR OLD.article_id <> NEW.article_id"
_TRIGGERS = ("votes_counted_insert", "votes_counted_update", "votes_counted_delete")


def upgrade() -> None:
    op.create_table(
        "vote_counts",
        sa.Column("article_id", sa.String(255), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        sa.Column("not_helpful", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_vote_counts"),
    )
    dialect = op.get_bind().dialect.name
    add, take = _ADD[dialect], _TAKE[dialect]
    if dialect == "sqlite":
        op.execute(f"CREATE TRIGGER votes_counted_insert AFTER INSERT ON votes BEGIN {add}; END")
        op.execute(f"CREATE TRIGGER votes_counted_update AFTER UPDATE OF helpful, article_id ON votes"
                   f" WHEN {_CHANGED} BEGIN {take}; {add}; END")
        op.execute(f"CREATE TRIGGER votes_counted_delete AFTER DELETE ON votes BEGIN {take}; END")
    else:
        for name, body in (("kb_vote_counted_add", f"{add}; RETURN NULL;"),
                           ("kb_vote_counted_change", f"{take}; {add}; RETURN NULL;"),
                           ("kb_vote_counted_take", f"{take}; RETURN NULL;")):
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$")
        op.execute("CREATE TRIGGER votes_counted_insert AFTER INSERT ON votes FOR EACH ROW EXECUTE FUNCTION kb_vote_counted_add()")
        op.execute(f"CREATE TRIGGER votes_counted_update AFTER UPDATE OF helpful, article_id ON votes FOR EACH ROW"
                   f" WHEN ({_CHANGED}) EXECUTE FUNCTION kb_vote_counted_change()")
        op.execute("CREATE TRIGGER votes_counted_delete AFTER DELETE ON votes FOR EACH ROW EXECUTE FUNCTION kb_vote_counted_take()")
    op.execute(
        "INSERT INTO vote_counts (article_id, helpful, not_helpful)"
        " SELECT article_id, SUM(CASE WHEN helpful THEN 1 ELSE 0 END), SUM(CASE WHEN helpful THEN 0 ELSE 1 END)"
        " FROM votes GROUP BY article_id"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}" + ("" if dialect == "sqlite" else " ON votes"))
    if dialect != "sqlite":
        for name in ("kb_vote_counted_add", "kb_vote_counted_change", "kb_vote_counted_take"):
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("vote_counts")
