"""Contributions: contributors propose edits and articles, staff review them, points and
rewards, and approved work exported back into the content folder (``kb submissions export``).

Feature (see ``feedback_api.features``): the API and the contributor pages as routes, the
review pages as admin routes (/admin/review). Command: ``kb submissions``.
Documentation: docs/contributions.md.
"""

from __future__ import annotations

from feedback_api.features import Feature, tables_of


def _tables() -> list:
    from feedback_api.contrib import models

    return tables_of(models)


def _build(settings, deps):
    # Imported here so `kb submissions ...` (which imports this package) does not load the web stack.
    from feedback_api.contrib.wiring import build

    return build(settings, deps)


FEATURE = Feature(name="contrib", tables=_tables, build=_build, commands=("submissions",))
