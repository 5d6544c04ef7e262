"""The search API through Starlette's TestClient: results, bad parameters, analytics rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

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
    client.app.state.search_log.flush()  # searches are written in batches, about once a second
    logged = rows(sqlite_url, "select query, lang, result_count from search_queries")
    assert logged == [("clock skew", "en", body["total"])]


def test_an_answer_is_sent_as_starlettes_json_response_would_send_it(client, searcher):
    """The API writes its answers with orjson (api.render): the very bytes JSONResponse gives,
    for real answers and for the strings and numbers JSON escapes or formats differently."""
    from starlette.responses import JSONResponse

    from feedback_api.search.api import render

    for q in ("clock skew", "密码 重置", "pasword", "sso login", "\u2028\"\\\t\x1f\x7f é 😀", ""):
        assert client.get("/api/v1/search", params={"q": q}).content == JSONResponse(searcher.search(q)).body
    odd = {"s": "\x00\x08\x0b\x1b\"\\/\u2028\u2029\ud7ff\ue000\U0010ffff", "f": [0.0, 0.0001, 0.1, 1.5, 12.3456, 99999.9999, 1e15, 123456789.0],
           "i": [0, -1, 2**53], "t": ("a", None, True, False), "e": {}, "l": []}
    assert render(odd) == JSONResponse(odd).body


def test_logged_query_has_no_personal_data(client, sqlite_url):
    client.get("/api/v1/search", params={"q": "Login  fails for jane.doe@example.com order 123456789"})
    client.app.state.search_log.flush()
    (query,) = rows(sqlite_url, "select query from search_queries")[0]
    assert query == "login fails for <email> order <number>"


@pytest.mark.parametrize("params", [
    {"q": "x", "page": "abc"}, {"q": "x", "page": "0"}, {"q": "x", "page": "-1"}, {"q": "x", "per_page": "1000"},
    {"q": "x" * 501}, {}, {"q": "x", "lang": "e" * 200},
    {"q": "x", "lang": "e" * 17},  # longer than the analytics column that keeps it
    {"q": "x", "reader_lang": "z" * 17},
])
def test_bad_parameters_are_400_with_error_shape(client, params):
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "invalid_parameter" and err["message"] and "parameter" in err["details"]


@pytest.mark.parametrize("q", ['"', "title:(", "a AND OR NOT", "\\", "*?~^", "<b>x</b>", "登录 " * 100])
def test_hostile_queries_are_200(client, q):
    assert client.get("/api/v1/search", params={"q": q}).status_code == 200


def test_buffered_searches_are_written_together_on_flush(client, sqlite_url):
    for q in ("gantt", "Excel import", "单点登录"):
        assert client.get("/api/v1/search", params={"q": q}).status_code == 200
    searched_by = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    time.sleep(0.01)
    client.app.state.search_log.flush()
    logged = rows(sqlite_url, "select query, created_at from search_queries order by id")
    assert [q for q, _ in logged] == ["gantt", "excel import", "单点登录"]
    # Each row keeps the time of its search, not the time the batch was written.
    assert all(dt.datetime.fromisoformat(str(at)).replace(tzinfo=None) <= searched_by for _, at in logged)


def test_searches_still_buffered_are_written_at_shutdown(site, sqlite_url):
    upgrade(sqlite_url, "heads")
    settings = Settings.from_env({"KB_DATABASE_URL": sqlite_url, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": SECRET})
    with TestClient(create_app(settings)) as c:
        c.app.state.search_log.flush_every = 3600  # nothing is written before the shutdown
        for q in ("clock skew", "certificate", "甘特图"):
            assert c.get("/api/v1/search", params={"q": q}).status_code == 200
        assert rows(sqlite_url, "select count(*) from search_queries") == [(0,)]
    assert rows(sqlite_url, "select query from search_queries order by id") == [("clock skew",), ("certificate",), ("甘特图",)]


def test_searches_are_written_without_a_flush(client, sqlite_url):
    client.app.state.search_log.flush_every = 0.05
    client.get("/api/v1/search", params={"q": "gantt"})
    for _ in range(100):  # written by the log's own timer, on a thread
        if rows(sqlite_url, "select query from search_queries") == [("gantt",)]:
            break
        time.sleep(0.05)
    assert rows(sqlite_url, "select query from search_queries") == [("gantt",)]


def _add(log, *rows):
    """``SearchLog.add`` runs on an event loop, as in the search route."""
    async def add():
        for row in rows:
            log.add(dict(row))

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever this thread runs
        pool.submit(asyncio.run, add()).result()


def _row(q: str, **extra) -> dict:
    return {"query": q, "result_count": 1, "page": 1, **extra}


def test_a_batch_the_database_could_not_take_is_written_by_the_next_flush(sqlite_url):
    from feedback_api.db import Database
    from feedback_api.search.analytics import SearchLog

    db = Database(sqlite_url)  # not migrated yet: no table, the database refuses every row
    log = SearchLog(db, flush_every=3600)
    _add(log, _row("a"), _row("b"))
    assert log.flush() == 0 and log.pending() == 2
    upgrade(sqlite_url, "heads")
    _add(log, _row("c"))
    assert log.flush() == 3
    assert rows(sqlite_url, "select query from search_queries order by id") == [("a",), ("b",), ("c",)]
    db.close()


def test_a_row_the_database_refuses_is_dropped_alone(database_url):
    """A row no database takes (here a missing result count) once stuck the whole log on
    PostgreSQL: put back at the head of the buffer, it failed every later batch too."""
    from feedback_api.db import Database
    from feedback_api.search.analytics import SearchLog

    upgrade(database_url, "heads")
    db = Database(database_url)
    log = SearchLog(db, flush_every=3600)
    _add(log, _row("before"), _row("refused", result_count=None), _row("after"))
    assert log.flush() == 2 and log.pending() == 0
    _add(log, _row("later"))
    assert log.flush() == 1
    assert rows(database_url, "select query from search_queries order by id") == [("before",), ("after",), ("later",)]
    db.close()


def test_text_no_column_takes_is_repaired_not_refused(database_url):
    """NUL in the query, values longer than their columns: stored cut and cleaned, on both engines."""
    from feedback_api.db import Database
    from feedback_api.search.analytics import SearchLog

    upgrade(database_url, "heads")
    db = Database(database_url)
    log = SearchLog(db, flush_every=3600)
    _add(log, _row("nul\x00here", lang="x" * 40, filters="tag=" + "t" * 300), _row("plain"))
    assert log.flush() == 2
    stored = rows(database_url, "select query, lang, length(filters) from search_queries order by id")
    assert stored == [("nulhere", "x" * 16, 200), ("plain", None, None)]
    db.close()


def test_a_repeated_search_is_answered_alike_and_still_logged(client, sqlite_url):
    params = {"q": "gantt", "lang": "en"}
    first = client.get("/api/v1/search", params=params)
    again = client.get("/api/v1/search", params=params)
    assert again.status_code == 200 and again.headers["content-type"] == "application/json"
    assert again.content == first.content
    other = client.get("/api/v1/search", params={**params, "per_page": "1"}).json()
    assert other["per_page"] == 1 and len(other["results"]) == 1  # other parameters: another page
    client.app.state.search_log.flush()
    assert rows(sqlite_url, "select query, result_count from search_queries") == [("gantt", first.json()["total"])] * 3


def test_a_new_build_is_searched_not_the_cached_pages(tmp_path, sqlite_url):
    from search_helpers import write_kb

    from generator.content import load
    from generator.search import build_index

    kb, site = write_kb(tmp_path / "kb"), tmp_path / "site"
    build_index(load(kb), site)
    upgrade(sqlite_url, "heads")
    settings = Settings.from_env({"KB_DATABASE_URL": sqlite_url, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": SECRET})
    with TestClient(create_app(settings)) as c:
        assert c.get("/api/v1/search", params={"q": "kanban"}).json()["total"] == 0
        (kb / "articles/projects/kanban.md").write_text(
            "---\nid: kanban\ntitle: Kanban boards\ncategory: projects\nowner: d\nlang: en\n---\nKanban columns.\n",
            encoding="utf-8",
        )
        build_index(load(kb), site)
        time.sleep(1.1)  # the service looks for a new build at most once a second
        found = c.get("/api/v1/search", params={"q": "kanban"}).json()
    assert found["total"] == 1 and found["results"][0]["id"] == "kanban"


def test_recent_queries_are_the_most_searched_of_the_latest_searches(database_url):
    from feedback_api.db import Database
    from feedback_api.search.analytics import SearchLog, recent_queries

    upgrade(database_url, "heads")
    db = Database(database_url)
    log = SearchLog(db, flush_every=3600)
    # oldest first: "old" three times, then the latest ten searches
    _add(log, *[_row("old")] * 3, *[_row(q) for q in ["sso", "gantt", "sso", "password", "sso", "gantt", "api", "password", "gantt", "sso"]])
    _add(log, *[_row("api", page=2)] * 5)  # further pages of a search are not more searches
    assert log.flush() == 18
    with db.engine.connect() as conn:
        assert recent_queries(conn, 2) == ["sso", "gantt"]
        assert recent_queries(conn, 10) == ["sso", "gantt", "old", "password", "api"]  # ties alphabetically
        assert recent_queries(conn, 10, window=10) == ["sso", "gantt", "password", "api"]  # "old" fell out of the window
    db.close()


def test_a_worker_opens_its_index_warmed_with_the_searches_readers_make_most(site, sqlite_url):
    from feedback_api.db import Database
    from feedback_api.search.analytics import SearchLog

    upgrade(sqlite_url, "heads")
    db = Database(sqlite_url)
    log = SearchLog(db, flush_every=3600)
    _add(log, *[_row("password")] * 3, *[_row("密码")] * 2, _row("gantt"))
    log.flush()
    db.close()
    env = {"KB_DATABASE_URL": sqlite_url, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": SECRET}
    with TestClient(create_app(Settings.from_env({**env, "KB_SEARCH_WARM_QUERIES": "2"}))) as c:
        searcher = c.app.state.search_holder.ready()
        assert searcher.recent == ("password", "密码")
        assert searcher.warmed == 3  # "password" as an English and as a Chinese reader plans it, "密码" once
        assert c.get("/api/v1/search", params={"q": "password"}).status_code == 200
    with TestClient(create_app(Settings.from_env({**env, "KB_SEARCH_WARM_QUERIES": "0"}))) as c:
        searcher = c.app.state.search_holder.ready()
        assert searcher.recent == () and searcher.warmed == 0


def test_hostile_searches_in_the_log_are_replayed_harmlessly_at_startup(site, database_url):
    """Every hostile search string, logged as the API logs it (normalized, made storable), is
    read back and replayed when a worker opens its index, on SQLite and PostgreSQL: the worker
    starts, replays them and answers as before."""
    import sys
    from pathlib import Path

    from feedback_api.db import Database
    from feedback_api.search.analytics import SearchLog, normalize

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
    from search_strings import CASES

    hostile = [normalize(c.q) for c in CASES] + ["nul\x00here", "\u202eevil", "'; drop table search_queries; --"]
    upgrade(database_url, "heads")
    db = Database(database_url)
    log = SearchLog(db, flush_every=3600)
    _add(log, *[_row(q) for q in hostile])
    assert log.flush() == len(hostile)
    db.close()
    env = {"KB_DATABASE_URL": database_url, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": SECRET}
    with TestClient(create_app(Settings.from_env(env))) as c:
        searcher = c.app.state.search_holder.ready()
        assert "'; drop table search_queries; --" in searcher.recent and "nulhere" in searcher.recent
        assert searcher.warmed >= len(searcher.recent) > 10
        assert c.get("/api/v1/search", params={"q": "clock skew"}).status_code == 200
    assert rows(database_url, "select count(*) from search_queries")[0][0] >= len(hostile)


def test_a_worker_starts_when_the_searches_to_warm_with_cannot_be_read(site, tmp_path):
    url = f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"  # no search_queries table
    env = {"KB_DATABASE_URL": url, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": SECRET}
    with TestClient(create_app(Settings.from_env(env))) as c:
        assert c.app.state.search_holder.ready().warmed == 0


def test_cache_size_setting():
    from feedback_api.settings import Settings, SettingsError

    dev = {"KB_ENV": "development"}
    assert Settings.from_env(dev).search_cache_size == 1024
    assert Settings.from_env({**dev, "KB_SEARCH_CACHE_SIZE": "0"}).search_cache_size == 0
    with pytest.raises(SettingsError, match="KB_SEARCH_CACHE_SIZE"):
        Settings.from_env({**dev, "KB_SEARCH_CACHE_SIZE": "lots"})
    assert Settings.from_env(dev).search_warm_queries == 1000
    with pytest.raises(SettingsError, match=r"^KB_SEARCH_WARM_QUERIES has value '-5'\. Expected a whole number"):
        Settings.from_env({**dev, "KB_SEARCH_WARM_QUERIES": "-5"})


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


@pytest.mark.parametrize("reader", ["zh", "en", "<x>", "zh-Hans-CN", "\u2028"])
def test_any_reader_language_is_a_ranking_hint_not_an_error(client, reader):
    r = client.get("/api/v1/search", params={"q": "sso 登录", "reader_lang": reader})
    assert r.status_code == 200 and r.json()["answer"] in ("good", "weak", "none")
