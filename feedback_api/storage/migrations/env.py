"""Alembic environment, driven from code (feedback_api.storage.engine.alembic_config)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from feedback_api.storage.tables import feature_metadata

config = context.config


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=feature_metadata(), render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:  # the alembic command line, e.g. `alembic revision --autogenerate`
    from feedback_api.storage.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "", pool_size=1)
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
