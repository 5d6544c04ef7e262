"""Search feature: the query API over the site's whoosh index, and search analytics."""

from __future__ import annotations

API_PREFIX = "/api/v1"


def routes(settings, deps) -> list:
    from .api import make_routes

    return make_routes(settings, deps, API_PREFIX)
