"""Search feature: the query API over the site's whoosh index, and search analytics."""

from __future__ import annotations

API_PREFIX = "/api/v1"


def routes(settings, deps) -> list:
    from .api import make_routes

    return make_routes(settings, deps, API_PREFIX)


def middleware(settings, deps) -> list:
    """Writes the searches still buffered for analytics when the app shuts down."""
    from starlette.middleware import Middleware

    from .analytics import SearchLogLifespan, search_log

    return [Middleware(SearchLogLifespan, log=search_log(deps.db))]
