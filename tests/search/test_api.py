"""The search API through Starlette's TestClient: results, bad parameters, analytics rows."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.settings import Settings
from feedback_api.storage.engine import upgrade

SECRET = "search-tests-secret-key-0123456789abcdef"


@pytest.fixture
def client(site, sqlite_url):
    upgrade(sqlite_url, "heads")
    settings = Settings.from_env({"KB_DATABASE_URL": sqlite_url, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": SECRET})
    with TestClient(create_app(settings)) as c:
        yield c


def rows(url: str, sql: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).fetchall()
    finally:
        engine.dispose()


def test_search_returns_the_searcher_dict(client, searcher, sqlite_url):
    r = client.get("/api/v1/search", params={"q": "clock skew", "lang": "en"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"query", "total", "page", "per_page", "results", "facets", "suggestion"}
    assert body["results"][0]["id"] == "sso-login"
    assert body["results"][0]["section"]["anchor"] == "clock-skew"
    logged = rows(sqlite_url, "select query, lang, result_count from search_queries")
    assert logged == [("clock skew", "en", body["total"])]


def test_logged_query_has_no_personal_data(client, sqlite_url):
    client.get("/api/v1/search", params={"q": "Login  fails for jane.doe@example.com order 123456789"})
    (query,) = rows(sqlite_url, "select query from search_queries")[0]
    assert query == "login fails for <email> order <number>"


@pytest.mark.parametrize("params", [
    {"q": "x", "page": "abc"}, {"q": "x", "page": "0"}, {"q": "x", "page": "-1"}, {"q": "x", "per_page": "1000"},
    {"q": "x" * 501}, {}, {"q": "x", "lang": "e" * 200},
])
def test_bad_parameters_are_400_with_error_shape(client, params):
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "invalid_parameter" and err["message"] and "parameter" in err["details"]


@pytest.mark.parametrize("q", ['"', "title:(", "a AND OR NOT", "\\", "*?~^", "<b>x</b>", "登录 " * 100])
def test_hostile_queries_are_200(client, q):
    assert client.get("/api/v1/search", params={"q": q}).status_code == 200


def test_click_beacon(client, sqlite_url):
    r = client.post("/api/v1/search/click", json={"query": "Clock Skew", "result_id": "sso-login", "position": 1, "lang": "en"})
    assert r.status_code == 204
    assert rows(sqlite_url, "select query, result_id, position, lang from search_clicks") == [("clock skew", "sso-login", 1, "en")]
    bad = client.post("/api/v1/search/click", json={"query": "x", "result_id": "", "position": 0})
    assert bad.status_code == 422 and "error" in bad.json()


def test_no_index_is_503_not_a_crash(tmp_path, sqlite_url):
    upgrade(sqlite_url, "heads")
    settings = Settings.from_env({"KB_DATABASE_URL": sqlite_url, "KB_SITE_DIR": str(tmp_path), "KB_SECRET_KEY": SECRET})
    with TestClient(create_app(settings)) as c:
        r = c.get("/api/v1/search", params={"q": "x"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "search_unavailable"
