"""Search learns from readers' clicks and helpful votes (per query, once per visitor, bounded,
decaying), staff see and reset it on /admin/search, and propose synonyms from content gaps that
`kb synonyms export` writes into synonyms.yml. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml
from api_helpers import write_manifest
from click.testing import CliRunner
from sqlalchemy import select
from staff_helpers import PAGES, add_user, login, post_form

from feedback_api.db import Database
from feedback_api.search import learning
from feedback_api.search.models import SearchSignal
from feedback_api.staff.models import AuditEntry
from generator.search import learned

QUERY = "error"  # on the search tests' kb: import-excel first, sso-login a close second


def token(n: int) -> str:
    return f"{n:032x}"


@pytest.fixture
def kb_site(site_dir):
    tests = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(tests / "search"))
    from search_helpers import write_kb

    from generator.content import load
    from generator.search import build_index

    kb = write_kb(site_dir.parent / "kb")
    build_index(load(kb), site_dir)
    write_manifest(site_dir, PAGES + [{**PAGES[0], "id": "sso-login", "url": "articles/sso-login/"}])
    return kb


@pytest.fixture
def api(kb_site, make_staff_client):
    return make_staff_client(KB_SEARCH_LEARN_SECONDS="0", KB_RATE_LIMIT="1000/minute")


def first(client, q: str = QUERY) -> str:
    return client.get("/api/v1/search", params={"q": q, "reader_lang": "en"}).json()["results"][0]["id"]


def click(client, visitor: str, q: str = QUERY, result: str = "sso-login") -> None:
    body = {"query": q, "result_id": result, "position": 2, "lang": "en", "visitor": visitor}
    assert client.post("/api/v1/search/click", json=body).status_code == 204


def signals(database_url: str) -> list:
    db = Database(database_url)
    try:
        return db.read_sync(lambda c: c.execute(SearchSignal.__table__.select()).fetchall())
    finally:
        db.close()


def test_a_result_several_readers_open_rises_for_that_query_and_the_same_words(api):
    assert first(api) == "import-excel"
    for n in range(learned.MIN_VISITORS):
        click(api, token(n))
    assert first(api) == "sso-login"
    assert first(api, "Error?") == "sso-login"  # the same analyzed words: the same query key
    assert first(api, "import") == "import-excel"  # other queries are untouched


def test_one_visitor_clicking_a_hundred_times_moves_nothing(api, staff_db):
    for _ in range(100):
        click(api, token(7))
    assert first(api) == "import-excel"
    assert len(signals(staff_db)) == 1  # counted once


def test_no_visitor_token_is_stored_and_one_visitors_queries_cannot_be_linked(api, staff_db):
    click(api, token(1), q="error")
    click(api, token(1), q="certificate")
    rows = signals(staff_db)
    assert len(rows) == 2 and all(token(1) not in str(tuple(r)) for r in rows)
    assert rows[0].visitor != rows[1].visitor


def test_helpful_votes_from_a_search_count_and_a_changed_vote_takes_it_back(api, staff_db):
    def vote(n: int, helpful: bool):
        body = {"article_id": "sso-login", "helpful": helpful, "visitor": token(n), "search_query": QUERY}
        assert api.post("/api/v1/votes", json=body).status_code in (200, 201)

    for n in range(learned.MIN_VISITORS):
        vote(n, True)
    assert first(api) == "sso-login"
    vote(0, False)  # now fewer than MIN_VISITORS visitors
    assert first(api) == "import-excel"
    assert {r.kind for r in signals(staff_db)} == {"helpful"}


def test_a_new_build_keeps_what_was_learned(api, kb_site, site_dir):
    from generator.content import load
    from generator.search import Searcher, build_index

    for n in range(learned.MIN_VISITORS):
        click(api, token(n))
    before = Searcher(site_dir).build_id
    build_index(load(kb_site), site_dir)
    searcher = api.app.state.search_holder.get()
    searcher.refresh()  # (the service looks for a new build at most once a second)
    assert searcher.build_id != before
    assert first(api) == "sso-login"


def test_a_worker_reads_what_was_learned_as_it_starts_not_in_its_first_search(api, make_staff_client, staff_db):
    for n in range(learned.MIN_VISITORS):
        click(api, token(n))
    fresh = make_staff_client()  # another worker, looking again only after the default minute
    db = Database(staff_db)
    db.write_sync(lambda c: c.execute(SearchSignal.__table__.delete()))
    db.close()
    # Read at startup: the first search ranks by it without reading the (now empty) table on
    # the event loop while other searches wait.
    assert first(fresh) == "sso-login"


def test_the_boost_is_bounded_decays_and_needs_several_visitors():
    assert learned.multiplier(1e9, 10**6) <= 1 + learned.MAX_BOOST
    assert learned.multiplier(100.0, learned.MIN_VISITORS - 1) == 1.0
    assert learned.decay(learned.HALF_LIFE_DAYS) == pytest.approx(0.5)


def test_old_signals_weigh_less_and_expire(staff_db):
    now = dt.datetime.now(dt.UTC)
    db = Database(staff_db)
    try:
        for n in range(3):
            db.write_sync(lambda c, n=n: learning.record(c, b"k" * 16, "error", "sso-login", token(n), "click",
                                                         now=now - dt.timedelta(days=60)))
        (q,) = db.read_sync(learning.load)
        assert q.pages[0].weight == pytest.approx(3 * 0.25, rel=1e-3)
        db.write_sync(lambda c: learning.record(c, b"k" * 16, "other", "x", token(9), "click"))  # prunes
        later = now + dt.timedelta(days=learning.HORIZON_DAYS)
        assert [q.query_key for q in db.read_sync(lambda c: learning.load(c, later))] == ["other"]
    finally:
        db.close()


def test_staff_see_what_was_learned_and_reset_it(api, staff_db, make_staff_client):
    for n in range(learned.MIN_VISITORS):
        click(api, token(n))
    add_user(staff_db, "reviewer@example.com", "reviewer")
    add_user(staff_db, "viewer@example.com", "viewer")
    viewer = make_staff_client()
    login(viewer, "viewer@example.com")
    page = viewer.get("/admin/search").text
    assert 'data-query-key="error"' in page and "sso-login" in page and "Reset this query" not in page
    assert post_form(viewer, "/admin/search/learned/reset", {"query_key": "error"}, token_from="/admin/search").status_code == 403

    reviewer = make_staff_client()
    login(reviewer, "reviewer@example.com")
    assert "Reset this query" in reviewer.get("/admin/search").text
    r = post_form(reviewer, "/admin/search/learned/reset", {"query_key": "error"}, token_from="/admin/search")
    assert r.status_code == 303
    assert signals(staff_db) == []
    assert first(api) == "import-excel"
    db = Database(staff_db)
    try:
        actions = db.read_sync(lambda c: c.execute(select(AuditEntry.action)).scalars().all())
    finally:
        db.close()
    assert "search.learned_reset" in actions


def test_synonyms_proposed_from_a_gap_are_exported_into_synonyms_yml(staff_db, staff_client, tmp_path):
    add_user(staff_db, "reviewer@example.com", "reviewer")
    login(staff_client, "reviewer@example.com")
    r = post_form(staff_client, "/admin/search/synonyms", {"query": "dark mode", "words": "night theme， 深色模式, Dark Mode"},
                  token_from="/admin/search")
    assert r.status_code == 303
    assert post_form(staff_client, "/admin/search/synonyms", {"query": "dark mode", "words": " , "},
                     token_from="/admin/search").status_code == 400
    assert "dark mode = night theme = 深色模式" in staff_client.get("/admin/search").text
    post_form(staff_client, "/admin/search/synonyms", {"query": "<script>alert(1)</script>", "words": "<b onmouseover=x>"},
              token_from="/admin/search")
    page = staff_client.get("/admin/search").text
    assert "<script>alert" not in page and "<b onmouseover" not in page and "&lt;script&gt;" in page
    # a reader's query with a terminal escape sequence: exported as written, printed escaped
    post_form(staff_client, "/admin/search/synonyms", {"query": "\x1b[2Jwiped", "words": "cleared"}, token_from="/admin/search")

    from generator.cli import main

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "synonyms.yml").write_text("# groups\n- [SSO, single sign-on]\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["synonyms", "export", "--kb", str(kb), "--database-url", staff_db])
    assert run.exit_code == 0, run.output
    assert "\x1b" not in run.output and "wiped" in run.output
    text = (kb / "synonyms.yml").read_text(encoding="utf-8")
    assert text.startswith("# groups\n- [SSO, single sign-on]\n")
    assert yaml.safe_load(text) == [["SSO", "single sign-on"], ["dark mode", "night theme", "深色模式"],
                                     ["<script>alert(1)</script>", "<b onmouseover=x>"], ["[2Jwiped", "cleared"]]
    again = CliRunner().invoke(main, ["synonyms", "export", "--kb", str(kb), "--database-url", staff_db])
    assert "0 exported" in again.output and (kb / "synonyms.yml").read_text(encoding="utf-8") == text
    assert "No synonyms waiting." in staff_client.get("/admin/search").text
