"""Prometheus metrics: requests by route/method/status, latency histogram, votes counter.

Each app owns a registry (several apps can live in one test process). Across worker processes:
when ``PROMETHEUS_MULTIPROC_DIR`` is set before the workers start (``kb serve --workers N`` does
this), prometheus_client writes values to files there and ``/metrics`` sums every worker's files
(multiprocess mode); otherwise each process reports its own counts (per-process registry).
"""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The *_created series double the output and nobody graphs them.
disable_created_metrics()

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "kb_http_requests_total", "HTTP requests handled", ["route", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "kb_http_request_duration_seconds", "Time to respond", ["route", "method"],
            buckets=BUCKETS, registry=self.registry,
        )
        self.votes = Counter("kb_votes_total", "Votes stored", ["helpful", "outcome"], registry=self.registry)

    def render(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


def route_label(scope: Scope) -> str:
    # The route's template, never the raw path: one series per route, not per article id.
    route = scope.get("route")
    if route is None:
        return "unmatched"
    if isinstance(route, Mount):
        return (route.path or "") + "/*"
    return getattr(route, "path", "unmatched")


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route, method = route_label(scope), scope["method"]
            self.metrics.requests.labels(route, method, str(status)).inc()
            self.metrics.latency.labels(route, method).observe(time.perf_counter() - start)


async def metrics_endpoint(request: Request) -> Response:
    """
    summary: Prometheus metrics
    description: Requests by route, method and status; latency histogram; votes stored.
    tags: [service]
    responses:
      "200":
        description: Prometheus text exposition format
        content:
          text/plain:
            schema: {type: string}
    """
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
