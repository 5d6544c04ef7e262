"""Imports every table module so ``Base.metadata`` is complete (Alembic autogenerate, tests)."""

from feedback_api.storage import rate_limits, votes  # noqa: F401
from feedback_api.storage.base import Base

metadata = Base.metadata
