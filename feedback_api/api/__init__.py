"""The core feature: votes and summaries, OpenAPI, health, metrics; the `kb serve` and `kb db`
commands. First in route order (see ``feedback_api.features``)."""

from __future__ import annotations

from feedback_api.features import Feature, Parts, tables_of

API_PREFIX = "/api/v1"


def _tables() -> list:
    from feedback_api.storage import rate_limits, votes

    return tables_of(votes, rate_limits)


def _build(settings, deps) -> Parts:
    # Imported here so `kb db ...` does not load the web stack.
    from starlette.routing import Route

    from feedback_api.api import health, votes
    from feedback_api.metrics import metrics_endpoint
    from feedback_api.openapi import openapi_endpoint

    return Parts(routes=[
        *votes.routes(API_PREFIX),
        Route(f"{API_PREFIX}/openapi.json", openapi_endpoint, methods=["GET"], name="openapi"),
        Route("/healthz", health.healthz, methods=["GET"], name="healthz"),
        Route("/metrics", metrics_endpoint, methods=["GET"], name="metrics"),
    ])


FEATURE = Feature(name="core", tables=_tables, build=_build, commands=("serve", "db"))
