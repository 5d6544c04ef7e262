"""The feature modules ``create_app`` plugs in, by import path, in route order.

Each exposes ``routes(settings, deps) -> list[BaseRoute]`` and may expose
``middleware(settings, deps) -> list[starlette.middleware.Middleware]``. A module that does not
exist yet is skipped; one that exists but fails to import is an error (a bug must not hide).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import FunctionType

log = logging.getLogger("feedback_api")

FEATURES: tuple[str, ...] = (
    "feedback_api.staff",
    "feedback_api.search",
    "feedback_api.contrib",
)


@dataclass(frozen=True)
class Feature:
    path: str
    routes: Callable
    middleware: Callable | None


# Hooks are read once per process: a package whose submodule is also called `routes` has its
# `routes` attribute replaced by that submodule on first import of it.
_LOADED: dict[str, Feature | None] = {}


def _load_one(path: str) -> Feature | None:
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name and path.startswith(exc.name):  # the feature itself (or its package) is absent
            log.debug("feature %s not present, skipped", path)
            return None
        raise
    routes = getattr(module, "routes", None)
    if not isinstance(routes, FunctionType):
        log.debug("feature %s has no routes() function, skipped", path)
        return None
    middleware = getattr(module, "middleware", None)
    return Feature(path, routes, middleware if isinstance(middleware, FunctionType) else None)


def load(paths: tuple[str, ...] = FEATURES) -> list[Feature]:
    for path in paths:
        if path not in _LOADED:
            _LOADED[path] = _load_one(path)
    return [f for f in (_LOADED[p] for p in paths) if f is not None]
