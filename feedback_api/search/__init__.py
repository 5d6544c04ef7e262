"""Search feature: the query API over the site's index, search analytics, learning from readers.

Built once per app (see ``feedback_api.features``): one ``SearcherHolder``, one ``SearchLog`` and
one ``Learned`` snapshot, handed to the routes (which search, add rows and record clicks) and to
the lifespan (which, at startup, reads the searches to warm the index with, opens it and reads the
snapshot, and at shutdown writes the rows still buffered).
Command: `kb synonyms export` (`kb search` is the generator's).
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
    from .learning import Learned
    from .lifespan import search_lifespan

    # The public build's index knows no internal page (not even a word of one for spelling
    # suggestions); signed-in staff search the internal build's, when there is one.
    holder = SearcherHolder(settings.site_dir)
    staff_holder = SearcherHolder(settings.internal_dir)
    search_log = SearchLog(deps.db)  # written in batches, about once a second (see analytics.py)
    learned = Learned(settings.search_learn_seconds)  # what readers' clicks and votes taught (learning.py)
    return Parts(
        routes=make_routes(settings, deps, API_PREFIX, holder, search_log, learned, staff_holder=staff_holder),
        lifespan=functools.partial(search_lifespan, holder=holder, search_log=search_log, learned=learned, db=deps.db,
                                   warm_queries=settings.search_warm_queries),
    )


FEATURE = Feature(name="search", tables=_tables, build=_build, commands=("synonyms",))
