"""Search feature: the query API over the site's whoosh index, and search analytics."""

from __future__ import annotations

API_PREFIX = "/api/v1"


def routes(settings, deps) -> list:
    from .api import make_routes

    return make_routes(settings, deps, API_PREFIX)


def middleware(settings, deps) -> list:
    """Opens the index at startup; writes the searches still buffered for analytics at shutdown."""
    from starlette.middleware import Middleware

    from .analytics import search_log
    from .api import searcher_holder
    from .lifespan import SearchLifespan

    return [Middleware(SearchLifespan, holder=searcher_holder(settings, deps), search_log=search_log(deps.db))]
