"""/metrics speaks Prometheus text, labelled by route template, and counts votes."""

from __future__ import annotations

from api_helpers import vote
from prometheus_client.parser import text_string_to_metric_families


def samples(client) -> dict:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(r.text) for s in family.samples}


def test_requests_latency_and_votes_are_counted(sqlite_client):
    client = sqlite_client
    client.post("/api/v1/votes", json=vote())
    client.post("/api/v1/votes", json=vote(helpful=False, reason="other"))
    client.get("/api/v1/articles/billing/refunds/summary")
    client.get("/api/v1/articles/unknown/summary")
    got = samples(client)
    req = "kb_http_requests_total"
    assert got[(req, (("method", "POST"), ("route", "/api/v1/votes"), ("status", "201")))] == 1
    assert got[(req, (("method", "POST"), ("route", "/api/v1/votes"), ("status", "200")))] == 1
    # One series per route template, not per article id.
    assert got[(req, (("method", "GET"), ("route", "/api/v1/articles/{id:path}/summary"), ("status", "200")))] == 1
    assert got[(req, (("method", "GET"), ("route", "/api/v1/articles/{id:path}/summary"), ("status", "404")))] == 1
    count = got[("kb_http_request_duration_seconds_count", (("method", "POST"), ("route", "/api/v1/votes")))]
    assert count == 2
    assert got[("kb_votes_total", (("helpful", "true"), ("outcome", "created")))] == 1
    assert got[("kb_votes_total", (("helpful", "false"), ("outcome", "changed")))] == 1
