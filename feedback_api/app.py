"""The Starlette app factory, and the contract feature modules plug into.

Contract
--------
* ``create_app(settings)`` builds one ``Deps`` (feedback_api/deps.py) and puts it on
  ``app.state.deps``; ``app.state.settings``, ``.db``, ``.engine``, ``.manifest``, ``.metrics``
  are shortcuts to the same objects.
* Features are listed in ``feedback_api/features.py``; each declares a ``Feature`` whose
  ``build(settings, deps)`` gives its ``Parts``: routes with absolute paths (API routes under
  ``API_PREFIX``), admin routes (mounted together under ``/admin``) and a lifespan. The app's
  lifespan enters the features' lifespans in order (``contextlib.AsyncExitStack``), leaves them
  in reverse order, then closes the database.
* API routes carry a YAML docstring (see feedback_api/api/votes.py) and appear in
  ``/api/v1/openapi.json``; non-API routes (HTML pages) pass ``include_in_schema=False``.
* Errors: raise ``feedback_api.errors.ApiError(status, code, message, details)``; every error
  leaves the service as ``{"error": {"code", "message", "details"}}``. A database that cannot be
  reached becomes 503 ``database_unavailable`` on every route (``db_unavailable.py``).
* Database: ``await deps.db.write(fn, *args)`` / ``await deps.db.read(fn, *args)`` run
  ``fn(conn, *args)`` in a transaction off the event loop (one writer thread on SQLite). Tables
  are a feature's (``Feature.tables``), on ``storage.base.Base``; migrations in
  ``storage/migrations/versions``, chained after the latest.
* Writes from anonymous clients call ``deps.rate_limiter.check(conn, key)`` in their transaction.
* Route order: the features' routes (the core feature first), the ``/admin`` mount, the JSON
  404 for unknown ``/api/`` paths, then the site at ``/`` when ``KB_SERVE_SITE`` is on (its internal build for
  signed-in staff, ``static.AudienceSite``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount, Route

from feedback_api import features
from feedback_api.api import API_PREFIX
from feedback_api.db_unavailable import DatabaseUnavailable
from feedback_api.deps import Deps
from feedback_api.errors import HANDLERS, ApiError
from feedback_api.metrics import MetricsMiddleware
from feedback_api.request_limits import RequestLimits
from feedback_api.settings import Settings
from feedback_api.static import site_files

__all__ = ["API_PREFIX", "create_app"]
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


async def _api_not_found(request: Request):
    # Reached only when no route matched fully; a route that matches the path but not the
    # method would otherwise lose its 405 to this catch-all.
    allowed = sorted(
        {m for r in request.app.routes if isinstance(r, Route) and r.endpoint is not _api_not_found and r.methods
         and r.path_regex.match(request.url.path)
         for m in r.methods}
    )
    if allowed:
        raise ApiError(405, "method_not_allowed", "Method Not Allowed", {"method": request.method},
                       headers={"Allow": ", ".join(allowed)})
    raise ApiError(404, "not_found", "No API route at this path.", {"path": request.url.path})


def create_app(settings: Settings | None = None, *, feature_paths: tuple[str, ...] = features.FEATURES) -> Starlette:
    settings = settings or Settings.from_env()
    deps = Deps.build(settings)
    # Built once per app; each feature hands what its parts share to all of them.
    parts = [feature.build(settings, deps) for feature in features.load(feature_paths)]

    routes: list[BaseRoute] = [route for p in parts for route in p.routes]
    # One mount for every feature's staff pages: a Mount claims every path below it.
    admin = [route for p in parts for route in p.admin_routes]
    if admin:
        routes.append(Mount("/admin", routes=admin, name="admin"))
    # Unknown /api/ paths answer in the error shape, never with the site's HTML 404 page.
    routes.append(Route("/api/{rest:path}", _api_not_found, methods=ALL_METHODS, include_in_schema=False))
    if settings.serve_site:
        site = site_files(Path(settings.site_dir), Path(settings.internal_dir), deps.readers.is_staff)
        routes.append(Mount("/", app=site, name="site"))

    middleware = [Middleware(MetricsMiddleware, metrics=deps.metrics)]
    if settings.allowed_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.allowed_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                max_age=600,
            )
        )
    # Inside CORS, so that browsers on the site's origin can read these errors too.
    middleware += [Middleware(RequestLimits), Middleware(DatabaseUnavailable, retry_after=settings.database_timeout)]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            async with contextlib.AsyncExitStack() as stack:
                for p in parts:
                    if p.lifespan is not None:
                        await stack.enter_async_context(p.lifespan(app))
                yield
        finally:
            deps.db.close()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers=HANDLERS, lifespan=lifespan)
    app.state.deps = deps
    app.state.settings = settings
    app.state.db = deps.db
    app.state.engine = deps.engine
    app.state.manifest = deps.manifest
    app.state.metrics = deps.metrics
    app.state.openapi = None
    return app
