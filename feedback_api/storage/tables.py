"""The schema the code expects: every feature's tables (``Feature.tables``, feedback_api/features.py),
in one MetaData, for Alembic autogenerate and the schema test
(tests/feedback_api/test_schema_matches_models.py)."""

from __future__ import annotations

from sqlalchemy import MetaData

from feedback_api import features
from feedback_api.storage.base import Base


def feature_metadata() -> MetaData:
    metadata = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in features.tables():
        table.to_metadata(metadata)
    return metadata
