"""Every error leaves the service in one shape, with a 4xx for every bad input (never a 5xx)."""

from __future__ import annotations

import pytest
from api_helpers import vote

SHAPE_KEYS = {"code", "message", "details"}


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == SHAPE_KEYS
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]


def test_error_shape_is_pinned(client):
    r = client.post("/api/v1/votes", json=vote(article_id="nope"))
    assert r.json() == {
        "error": {
            "code": "article_not_found",
            "message": "No article with this id in the current site build.",
            "details": {"article_id": "nope"},
        }
    }


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({"helpful": True, "visitor": "visitor-token-0001"}, "validation_error", "article_id"),
        (vote(helpful="yes"), "validation_error", "helpful"),
        (vote(helpful=1), "validation_error", "helpful"),
        (vote(article_id=42), "validation_error", "article_id"),
        (vote(visitor="short"), "validation_error", "visitor"),
        (vote(visitor="x" * 129), "validation_error", "visitor"),
        (vote(helpful=False, reason="boring"), "validation_error", "reason"),
        (vote(helpful=True, reason="unclear"), "validation_error", None),
        (vote(helpful=True, comment="great"), "validation_error", None),
        (vote(helpful=False, comment="x" * 2001), "validation_error", "comment"),
        (vote(lang="fr"), "validation_error", "lang"),
        ([1, 2, 3], "validation_error", None),
        ("a string", "validation_error", None),
    ],
)
def test_bad_bodies_are_422(sqlite_client, body, code, field):
    error = assert_error(sqlite_client.post("/api/v1/votes", json=body), 422, code)
    fields = [e["field"] for e in error["details"]["errors"]]
    if field:
        assert field in fields


def test_malformed_json_is_400(sqlite_client):
    r = sqlite_client.post("/api/v1/votes", content=b'{"article_id": ', headers={"content-type": "application/json"})
    assert_error(r, 400, "malformed_json")
    r = sqlite_client.post("/api/v1/votes", content=b"\xff\xfe\x00", headers={"content-type": "application/json"})
    assert_error(r, 400, "malformed_json")


def test_wrong_content_type_is_415(sqlite_client):
    r = sqlite_client.post("/api/v1/votes", content=b"article_id=x", headers={"content-type": "application/x-www-form-urlencoded"})
    assert_error(r, 415, "unsupported_media_type")
    assert_error(sqlite_client.post("/api/v1/votes", content=b"{}"), 415, "unsupported_media_type")


def test_charset_parameter_is_accepted(sqlite_client):
    import json

    r = sqlite_client.post("/api/v1/votes", content=json.dumps(vote()).encode(),
                    headers={"content-type": "application/json; charset=utf-8"})
    assert r.status_code == 201


def test_oversize_body_is_413_with_or_without_content_length(sqlite_client):
    big = b'{"comment": "' + b"x" * 17_000 + b'"}'
    assert_error(sqlite_client.post("/api/v1/votes", content=big, headers={"content-type": "application/json"}), 413,
                 "payload_too_large")

    def chunks():  # no Content-Length: chunked transfer, the limit still holds
        for _ in range(20):
            yield b" " * 1024

    r = sqlite_client.post("/api/v1/votes", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert_error(r, 413, "payload_too_large")


def test_router_404_and_405_use_the_shape(client):
    assert_error(client.get("/no/such/page"), 404, "not_found")
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.post("/api/v1/nothing-here", json={}), 404, "not_found")
    r = client.get("/api/v1/votes")
    error = assert_error(r, 405, "method_not_allowed")
    assert "POST" in r.headers["allow"] and error["details"] == {"method": "GET"}
    assert_error(client.delete("/api/v1/articles/getting-started/summary"), 405, "method_not_allowed")
    assert_error(client.post("/healthz"), 405, "method_not_allowed")


def test_unexpected_exceptions_are_500_in_the_shape(site_dir, sqlite_url):
    from api_helpers import settings_for
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from feedback_api.app import create_app

    app = create_app(settings_for(sqlite_url, site_dir))

    async def boom(request):
        raise RuntimeError("bug")

    app.router.routes.insert(0, Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error(client.get("/boom"), 500, "internal_error")
    assert "bug" not in error["message"]  # no internals leak to clients
