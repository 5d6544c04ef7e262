"""The staff side of the feedback service: accounts, the /admin dashboard (sign-in: feedback_api.auth).

Feature (see ``feedback_api.features``): its pages are admin routes, mounted under /admin with
the other features' (``feedback_api.staff.routes``). Roles and their permissions:
``feedback_api.staff.roles``. Command: ``kb admin`` (``feedback_api.staff.cli``).
"""

from __future__ import annotations

from feedback_api.features import Feature, Parts, tables_of


def _tables() -> list:
    from feedback_api.staff import models

    return tables_of(models)


def _build(settings, deps) -> Parts:
    # Imported here so `kb admin ...` (which imports this package) does not load the web stack.
    from feedback_api.staff.routes import admin_routes, routes

    return Parts(routes=routes(), admin_routes=admin_routes(settings, deps))


FEATURE = Feature(name="staff", tables=_tables, build=_build, commands=("admin",))
