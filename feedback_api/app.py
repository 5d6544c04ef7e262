"""The Starlette app factory, and the contract feature modules plug into.

Contract
--------
* ``create_app(settings)`` builds one ``Deps`` (feedback_api/deps.py) and puts it on
  ``app.state.deps``; ``app.state.settings``, ``.db``, ``.engine``, ``.manifest``, ``.metrics``
  are shortcuts to the same objects.
* Feature modules are listed in ``feedback_api/features.py``. Each exposes
  ``routes(settings, deps) -> list[Route | Mount]`` with absolute paths (API routes under
  ``API_PREFIX``) and optionally ``middleware(settings, deps) -> list[Middleware]``.
* API routes carry a YAML docstring (see feedback_api/api/votes.py) and appear in
  ``/api/v1/openapi.json``; non-API routes (HTML pages) pass ``include_in_schema=False``.
* Errors: raise ``feedback_api.errors.ApiError(status, code, message, details)``; every error
  leaves the service as ``{"error": {"code", "message", "details"}}``. A database that cannot be
  reached becomes 503 ``database_unavailable`` on every route (``db_unavailable.py``).
* Database: ``await deps.db.write(fn, *args)`` / ``await deps.db.read(fn, *args)`` run
  ``fn(conn, *args)`` in a transaction off the event loop (one writer thread on SQLite). Tables
  go in ``feedback_api/storage/*.py`` on ``storage.base.Base``; migrations in
  ``storage/migrations/versions`` chained after ``0001_core``.
* Writes from anonymous clients call ``deps.rate_limiter.check(conn, key)`` in their transaction.
* Route order: core API, features, the JSON 404 for unknown ``/api/`` paths, then the site at
  ``/`` when ``KB_SERVE_SITE`` is on.
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
from feedback_api.db_unavailable import DatabaseUnavailable
from feedback_api.api import health, votes
from feedback_api.deps import Deps
from feedback_api.errors import HANDLERS, ApiError
from feedback_api.metrics import MetricsMiddleware, metrics_endpoint
from feedback_api.openapi import openapi_endpoint
from feedback_api.request_limits import RequestLimits
from feedback_api.settings import Settings
from feedback_api.static import SiteFiles

API_PREFIX = "/api/v1"
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


def core_routes() -> list[BaseRoute]:
    return [
        *votes.routes(API_PREFIX),
        Route(f"{API_PREFIX}/openapi.json", openapi_endpoint, methods=["GET"], name="openapi"),
        Route("/healthz", health.healthz, methods=["GET"], name="healthz"),
        Route("/metrics", metrics_endpoint, methods=["GET"], name="metrics"),
    ]


def create_app(settings: Settings | None = None, *, feature_paths: tuple[str, ...] = features.FEATURES) -> Starlette:
    settings = settings or Settings.from_env()
    deps = Deps.build(settings)
    modules = features.load(feature_paths)

    routes = core_routes()
    for module in modules:
        routes.extend(module.routes(settings, deps))
    # Unknown /api/ paths answer in the error shape, never with the site's HTML 404 page.
    routes.append(Route("/api/{rest:path}", _api_not_found, methods=ALL_METHODS, include_in_schema=False))
    if settings.serve_site:
        site = SiteFiles(directory=Path(settings.site_dir), html=True, check_dir=False)
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
    for module in modules:
        if module.middleware is not None:
            middleware.extend(module.middleware(settings, deps))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
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
