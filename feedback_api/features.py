"""The feature contract: what a feature of the service declares, and what ``create_app`` plugs in.

A feature is a package that declares ``FEATURE = Feature(...)`` in its ``__init__.py``:

* ``name``;
* ``tables()``: its SQLAlchemy tables (Alembic's metadata is the union of every feature's,
  ``feedback_api.storage.tables``), importable without the web stack;
* ``commands``: the names of its ``kb`` commands (``kb.commands`` entry points in pyproject.toml);
* ``build(settings, deps) -> Parts``: called once per app. Whatever the feature's parts share (the
  search feature's searcher and search log) is made here and handed to each part, so no part
  looks anything up in a module-level registry.

``Parts``: ``routes`` (absolute paths), ``admin_routes`` (paths relative to ``/admin``, mounted
together with every other feature's inside the one ``/admin`` mount), and ``lifespan(app)``, an
async context manager entered at startup in feature order and left in reverse order at shutdown,
before the app closes the database.

Features are listed in ``FEATURES`` in route order. One that does not exist is skipped; one that
fails to import, or does not declare a ``Feature``, is an error (a bug must not hide).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from starlette.routing import BaseRoute

    from feedback_api.deps import Deps
    from feedback_api.settings import Settings

log = logging.getLogger("feedback_api")

FEATURES: tuple[str, ...] = (
    "feedback_api.api",
    "feedback_api.staff",
    "feedback_api.search",
    "feedback_api.contrib",
)

Lifespan = Callable[[Any], AbstractAsyncContextManager[None]]


@dataclass(frozen=True)
class Parts:
    """What one feature plugs into one app."""

    routes: Sequence[BaseRoute] = ()
    admin_routes: Sequence[BaseRoute] = ()  # relative to /admin; each guards itself (staff gate)
    lifespan: Lifespan | None = None


@dataclass(frozen=True)
class Feature:
    """A feature as its package declares it (``FEATURE`` in its ``__init__.py``)."""

    name: str
    tables: Callable[[], Sequence[Table]]
    build: Callable[[Settings, Deps], Parts]
    commands: tuple[str, ...] = ()


def load(paths: tuple[str, ...] = FEATURES) -> list[Feature]:
    found = []
    for path in paths:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name and path.startswith(exc.name):  # the feature itself (or its package) is absent
                log.debug("feature %s not present, skipped", path)
                continue
            raise
        feature = getattr(module, "FEATURE", None)
        if not isinstance(feature, Feature):
            raise TypeError(f"{path} declares no FEATURE = feedback_api.features.Feature(...)")
        found.append(feature)
    return found


def tables_of(*modules) -> list[Table]:
    """The tables mapped by the classes of these modules (for a feature's ``tables()``)."""
    from feedback_api.storage.base import Base

    names = {m.__name__ for m in modules}
    return [m.local_table for m in Base.registry.mappers if m.class_.__module__ in names]


def tables(paths: tuple[str, ...] = FEATURES) -> list[Table]:
    """Every feature's tables, in feature order."""
    return [table for feature in load(paths) for table in feature.tables()]
