"""Search feature: the query API over the site's whoosh index, and search analytics.

Built once per app (see ``feedback_api.features``): one ``SearcherHolder`` and one
``SearchLog``, handed to the routes (which search and add rows) and to the lifespan (which opens
the index at startup and writes the rows still buffered at shutdown). Command: none here
(`kb search` is the generator's).
"""

from __future__ import annotations

import functools

from feedback_api.features import Feature, Parts, tables_of

API_PREFIX = "/api/v1"


def _tables() -> list:
    from feedback_api.search import models

    return tables_of(models)


def _build(settings, deps) -> Parts:
    from .analytics import SearchLog
    from .api import SearcherHolder, make_routes
    from .lifespan import search_lifespan

    # The public build's index knows no internal page (not even a word of one for spelling
    # suggestions); signed-in staff search the internal build's, when there is one.
    holder = SearcherHolder(settings.site_dir)
    staff_holder = SearcherHolder(settings.internal_dir)
    search_log = SearchLog(deps.db)  # written in batches, about once a second (see analytics.py)
    return Parts(
        routes=make_routes(settings, deps, API_PREFIX, holder, search_log, staff_holder=staff_holder),
        lifespan=functools.partial(search_lifespan, holder=holder, search_log=search_log),
    )


FEATURE = Feature(name="search", tables=_tables, build=_build)
