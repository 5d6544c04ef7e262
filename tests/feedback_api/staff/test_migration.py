"""0002_staff matches the models, and goes down and up again cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import feedback_api.staff.models  # noqa: F401 - registers the staff tables on Base.metadata
from feedback_api.storage.base import Base
from feedback_api.storage.engine import alembic_config, make_engine

STAFF_TABLES = {"accounts", "account_sessions", "login_attempts", "audit_log", "comment_triage"}


def test_migration_matches_models_and_reverses(staff_db):
    engine = make_engine(staff_db, pool_size=1)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
            assert [d for d in diffs if _is_staff(d)] == []
        with engine.begin() as conn:
            command.downgrade(alembic_config(staff_db, conn), "0001_core")
        assert not STAFF_TABLES & set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            command.upgrade(alembic_config(staff_db, conn), "head")
        assert STAFF_TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _is_staff(diff) -> bool:
    """Other features' tables share the metadata and the database; only ours are judged here."""
    if isinstance(diff, list):  # column modifications come grouped
        return any(_is_staff(d) for d in diff)
    for part in diff[1:]:
        table = getattr(part, "table", part)  # Index/Column -> their table
        name = getattr(table, "name", part if isinstance(part, str) else None)
        if name in STAFF_TABLES:
            return True
    return False
