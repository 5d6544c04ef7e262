"""The tables the features declare are exactly the schema the migrations build.

Alembic's autogenerate compares the same two things: any difference here is a change it would
propose (dropping a table the code uses, adding a column the database lacks...)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from feedback_api.storage.engine import make_engine, upgrade
from feedback_api.storage.tables import feature_metadata


def test_features_tables_equal_a_freshly_migrated_database(database_url):
    upgrade(database_url)
    engine = make_engine(database_url, pool_size=1)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            diff = compare_metadata(context, feature_metadata())
    finally:
        engine.dispose()
    assert diff == [], "the features' tables and the migrations disagree: add a migration"

