"""The feature modules ``create_app`` plugs in, by import path, in route order.

Each exposes ``routes(settings, deps) -> list[BaseRoute]`` and may expose
``middleware(settings, deps) -> list[starlette.middleware.Middleware]``. A module that does not
exist yet is skipped; one that exists but fails to import is an error (a bug must not hide).
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

log = logging.getLogger("feedback_api")

FEATURES: tuple[str, ...] = (
    "feedback_api.staff",
    "feedback_api.search",
    "feedback_api.contrib",
)


def load(paths: tuple[str, ...] = FEATURES) -> list[ModuleType]:
    modules = []
    for path in paths:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name and path.startswith(exc.name):  # the feature itself (or its package) is absent
                log.debug("feature %s not present, skipped", path)
                continue
            raise
        if not hasattr(module, "routes"):
            log.debug("feature %s has no routes() yet, skipped", path)
            continue
        modules.append(module)
    return modules
