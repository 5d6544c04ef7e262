"""Imports every table module so ``Base.metadata`` is complete (Alembic autogenerate, tests)."""

from feedback_api.search import models as _search  # noqa: F401
from feedback_api.staff import models as _staff  # noqa: F401
from feedback_api.storage import rate_limits, votes  # noqa: F401
from feedback_api.storage.base import Base

metadata = Base.metadata
