"""While the database cannot be used, every route that needs it answers 503 database_unavailable
(JSON on the API, an HTML page on the dashboard and portal) within a few seconds, and the service
recovers by itself when the database is back."""

from __future__ import annotations

import html
import re
import time

import pytest
from api_helpers import settings_for, vote
from db_proxy import DbProxy
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.db import Database
from feedback_api.staff import accounts
from feedback_api.staff.orm import orm
from feedback_api.storage.engine import upgrade

TIMEOUT = "1"  # KB_DATABASE_TIMEOUT for these tests
BOUND = 10.0  # seconds: far above the timeout, far below "hangs"
PASSWORD = "correct horse battery staple"


def assert_unavailable(response, *, page: bool = False) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) >= 1
    if page:
        assert response.headers["content-type"].startswith("text/html")
        assert "Temporarily unavailable" in response.text
    else:
        assert response.json()["error"]["code"] == "database_unavailable"


def timed(fn, *args, **kwargs):
    started = time.monotonic()
    response = fn(*args, **kwargs)
    assert time.monotonic() - started < BOUND, "the request hung on the database"
    return response


@pytest.fixture
def proxy():
    p = DbProxy()
    yield p
    p.close()


@pytest.mark.postgres
@pytest.mark.parametrize("mode", ["silent", "closed"])
def test_postgresql_silent_or_gone_answers_503_then_recovers(postgres_url, site_dir, proxy, mode):
    upgrade(postgres_url)
    db = Database(postgres_url)
    db.write_sync(orm(lambda s: accounts.create_staff(s, "ann@example.com", PASSWORD, "admin")))
    db.close()
    url = proxy.url(make_url(postgres_url).database)
    with TestClient(create_app(settings_for(url, site_dir, KB_DATABASE_TIMEOUT=TIMEOUT))) as client:
        assert client.post("/api/v1/votes", json=vote()).status_code == 201
        sign_in(client)
        assert client.get("/admin/").status_code == 200

        proxy.set(mode)
        assert_unavailable(timed(client.post, "/api/v1/votes", json=vote(visitor="visitor-token-0002")))
        assert_unavailable(timed(client.get, "/api/v1/articles/getting-started/summary"))
        assert_unavailable(timed(client.get, "/admin/"), page=True)

        proxy.set("forward")  # back: the next requests work again, nothing accepted was lost
        assert client.post("/api/v1/votes", json=vote(visitor="visitor-token-0003")).status_code == 201
        assert client.get("/api/v1/articles/getting-started/summary").json()["total"] == 2
        assert client.get("/admin/").status_code == 200


@pytest.mark.postgres
def test_postgresql_database_renamed_away_answers_503_then_recovers(postgres_url, site_dir):
    import psycopg

    upgrade(postgres_url)
    name = make_url(postgres_url).database
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=test"

    def rename(old, new):
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (old,))
            conn.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')

    with TestClient(create_app(settings_for(postgres_url, site_dir, KB_DATABASE_TIMEOUT=TIMEOUT))) as client:
        assert client.post("/api/v1/votes", json=vote()).status_code == 201
        rename(name, name + "_away")
        try:
            assert_unavailable(timed(client.post, "/api/v1/votes", json=vote(visitor="visitor-token-0002")))
            assert_unavailable(timed(client.get, "/api/v1/articles/getting-started/summary"))
            token = csrf(client.get("/admin/login").text)
            assert_unavailable(timed(client.post, "/admin/login", data={"csrf_token": token, "email": "a@example.com",
                                                                         "password": PASSWORD}), page=True)
        finally:
            rename(name + "_away", name)
        assert client.get("/api/v1/articles/getting-started/summary").json()["total"] == 1


def test_sqlite_file_that_cannot_be_opened_answers_503(tmp_path, site_dir):
    # The database path is a folder (a volume not mounted, a wrong path): nothing can be opened.
    (tmp_path / "db").mkdir()
    url = f"sqlite:///{tmp_path / 'db'}"
    with TestClient(create_app(settings_for(url, site_dir))) as client:
        assert_unavailable(timed(client.post, "/api/v1/votes", json=vote()))
        assert_unavailable(timed(client.get, "/api/v1/articles/getting-started/summary"))
        token = csrf(client.get("/admin/login").text)
        assert_unavailable(client.post("/admin/login", data={"csrf_token": token, "email": "a@example.com",
                                                             "password": PASSWORD}), page=True)
        token = csrf(client.get("/contribute/login").text)
        assert_unavailable(client.post("/contribute/login", data={"csrf_token": token, "email": "a@example.com",
                                                                  "password": PASSWORD}), page=True)


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token in the page"
    return html.unescape(match.group(1))


def sign_in(client) -> None:
    token = csrf(client.get("/admin/login").text)
    r = client.post("/admin/login", data={"csrf_token": token, "email": "ann@example.com", "password": PASSWORD},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


@pytest.mark.postgres
def test_warming_search_from_the_log_adds_no_wait_on_a_silent_postgresql(postgres_url, site_dir, proxy):
    """Reading the searches to warm the index with (KB_SEARCH_WARM_QUERIES) is one more startup
    read; on a database that does not answer, the search feature still waits once, not once for
    it and again for what was learned from readers, and the worker starts without them."""
    upgrade(postgres_url)
    url = proxy.url(make_url(postgres_url).database)
    proxy.set("silent")
    attempts = {}
    for warm in ("0", "1000"):
        before = proxy.accepted
        started = time.monotonic()
        with TestClient(create_app(settings_for(url, site_dir, KB_DATABASE_TIMEOUT=TIMEOUT, KB_SEARCH_WARM_QUERIES=warm))) as client:
            assert time.monotonic() - started < BOUND
            attempts[warm] = proxy.accepted - before  # each attempt waits KB_DATABASE_TIMEOUT
            assert_unavailable(timed(client.post, "/api/v1/votes", json=vote()))
    assert attempts["1000"] == attempts["0"] > 0, attempts
