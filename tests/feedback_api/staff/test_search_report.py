"""/admin/search: top queries, content gaps and daily click-through rate, on SQLite and PostgreSQL.

The report tests insert rows into search_queries / search_clicks directly (hand-computed
numbers below); one test goes through the real ``GET /api/v1/search`` and click beacon with a
tiny search index built into the staff site directory.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from pathlib import Path

import pytest
from staff_helpers import TODAY, add_user, login

from feedback_api.db import Database
from feedback_api.search.models import SearchClick, SearchQuery
from generator.site.formats import day

D1 = TODAY - dt.timedelta(days=2)
D2 = TODAY - dt.timedelta(days=1)
OLD = TODAY - dt.timedelta(days=40)


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def seed(database_url: str, searches: list[tuple], clicks: list[tuple]) -> None:
    """searches: (query, lang, day, result_count, times[, page]); clicks: (query, lang, day, times)."""
    s_rows, c_rows = [], []
    for query, lang, on, results, times, *page in searches:
        s_rows += [{"query": query, "lang": lang, "result_count": results, "page": page[0] if page else 1,
                    "created_at": _at(on, 8 + i)} for i in range(times)]
    for query, lang, on, times in clicks:
        c_rows += [{"query": query, "lang": lang, "result_id": "some-article", "position": 1,
                    "created_at": _at(on, 9 + i)} for i in range(times)]

    def write(conn):
        if s_rows:
            conn.execute(SearchQuery.__table__.insert(), s_rows)
        if c_rows:
            conn.execute(SearchClick.__table__.insert(), c_rows)

    db = Database(database_url)
    try:
        db.write_sync(write)
    finally:
        db.close()


SEARCHES = [
    ("reset password", "en", D1, 5, 3),
    ("reset password", "en", D2, 4, 2),
    ("reset password", "en", D1, 5, 1, 2),  # page 2: not a new search
    ("export csv", "en", D1, 3, 2),
    ("dark mode", "en", D2, 0, 2),
    ("dark mode", None, D1, 0, 1),
    ("gantt", "zh", D2, 2, 1),
    ("old query", "en", OLD, 0, 1),  # outside the default 30 days
]
CLICKS = [
    ("reset password", "en", D1, 4),  # 3 searches, 4 clicks: 3 clicked searches
    ("reset password", "en", D2, 1),  # 2 searches, 1 click: 1 clicked
    ("export csv", "zh", D1, 1),  # another language: matches nothing
    ("gantt", "zh", D2, 1),
    ("gantt", "zh", TODAY, 1),  # no gantt search today: ignored
]


def cells(page: str, table_class: str) -> list[list[str]]:
    """The text of every body cell, row by row, of ``<table class="responsive table_class">``."""
    start = page.index(f'class="responsive {table_class}"')
    body = page[page.index("<tbody>", start): page.index("</tbody>", start)]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def stat(page: str, name: str) -> str:
    return re.search(rf'data-stat="{name}">([^<]*)<', page).group(1)


@pytest.fixture
def viewer(staff_db, staff_client):
    add_user(staff_db, "viewer@example.com", "viewer")
    assert login(staff_client, "viewer@example.com").status_code == 303
    return staff_client


def test_report_numbers(staff_db, viewer):
    seed(staff_db, SEARCHES, CLICKS)
    page = viewer.get("/admin/search").text

    # Day 1: 3 + 2 + 1 searches, 3 clicked; day 2: 2 + 2 + 1 searches, 1 + 1 clicked.
    assert cells(page, "daily-ctr") == [
        [day(D1, "en"), "6", "3", "50%"],
        [day(D2, "en"), "5", "2", "40%"],
    ]
    assert stat(page, "searches") == "11"
    assert stat(page, "ctr") == "45%"  # 5 / 11
    assert stat(page, "empty") == "27%"  # 3 / 11

    assert cells(page, "top-queries") == [
        ["reset password", "5", "4.6", "5", "80%"],  # results (3*5 + 2*4) / 5; clicked 3 + 1 of 5
        ["dark mode", "3", "0.0", "0", "0%"],
        ["export csv", "2", "3.0", "0", "0%"],
        ["gantt", "1", "2.0", "1", "100%"],
    ]
    assert [row[:2] + row[3:4] for row in cells(page, "no-results")] == [
        ["dark mode", "2", "en"],
        ["dark mode", "1", "any"],
    ]
    assert cells(page, "no-results")[0][2].startswith(day(D2, "en"))
    assert cells(page, "no-results")[1][2].startswith(day(D1, "en"))
    assert [row[:3] + row[4:5] for row in cells(page, "no-clicks")] == [["export csv", "2", "3.0", "en"]]

    # The chart: server-side SVG with both axes, one bar per day with searches, a CTR line.
    assert "<svg" in page and "<script" not in page
    assert "Day (UTC)" in page and ">Searches</text>" in page and ">Click-through rate</text>" in page
    assert f"{day(D1, 'en')}: 6 searches, 3 with a click, CTR 50%" in page
    assert f"{day(D2, 'en')}: 5 searches, 2 with a click, CTR 40%" in page
    assert len(re.findall(r'<rect class="searches"', page)) == 2
    assert len(re.findall(r'<polyline class="ctr-line"', page)) == 1
    assert ">100%</text>" in page and ">0%</text>" in page


def test_date_and_language_filters(staff_db, viewer):
    seed(staff_db, SEARCHES, CLICKS)
    page = viewer.get("/admin/search?lang=zh").text
    assert cells(page, "top-queries") == [["gantt", "1", "2.0", "1", "100%"]]
    assert cells(page, "daily-ctr") == [[day(D2, "en"), "1", "1", "100%"]]
    assert "Every search found something." in page

    page = viewer.get("/admin/search?lang=en").text
    assert [r[0] for r in cells(page, "top-queries")] == ["reset password", "dark mode", "export csv"]
    assert [r[:2] for r in cells(page, "no-results")] == [["dark mode", "2"]]

    frm = to = D1.isoformat()
    page = viewer.get(f"/admin/search?from={frm}&to={to}").text
    assert cells(page, "daily-ctr") == [[day(D1, "en"), "6", "3", "50%"]]
    assert [r[0] for r in cells(page, "top-queries")] == ["reset password", "export csv", "dark mode"]

    page = viewer.get(f"/admin/search?from={(OLD - dt.timedelta(days=1)).isoformat()}&to={OLD.isoformat()}").text
    assert [r[:2] for r in cells(page, "no-results")] == [["old query", "1"]]

    response = viewer.get("/admin/search?from=yesterday")
    assert response.status_code == 200 and "must be a date like" in response.text


def test_roles_and_gap_links(staff_db, make_staff_client):
    seed(staff_db, SEARCHES, CLICKS)
    anonymous = make_staff_client()
    response = anonymous.get("/admin/search", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/admin/login?next=%2Fadmin%2Fsearch")

    add_user(staff_db, "viewer@example.com", "viewer")
    add_user(staff_db, "reviewer@example.com", "reviewer")
    viewer = make_staff_client()
    login(viewer, "viewer@example.com")
    page = viewer.get("/admin/search").text
    assert '<a href="/admin/search" aria-current="page">Search</a>' in page  # the nav link
    assert "dark mode" in page and "/admin/review/questions" not in page  # viewers cannot make questions
    assert '<a href="/admin/search">Search</a>' in viewer.get("/admin/").text

    reviewer = make_staff_client()
    login(reviewer, "reviewer@example.com")
    page = reviewer.get("/admin/search").text
    links = [html.unescape(h) for h in re.findall(r'href="(/admin/review/questions\?[^"]+)"', page)]
    assert links == [
        "/admin/review/questions?title=dark%20mode&source=search%3Adark%20mode",
        "/admin/review/questions?title=dark%20mode&source=search%3Adark%20mode",
        "/admin/review/questions?title=export%20csv&source=search%3Aexport%20csv",
    ]
    # The link lands on the contributions feature's form, prefilled.
    form = reviewer.get(links[-1])
    assert form.status_code == 200
    assert 'name="title" value="export csv"' in form.text and 'name="source" value="search:export csv"' in form.text


def test_through_the_real_api_and_escaped(staff_db, site_dir, viewer):
    tests = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(tests / "search"))
    from search_helpers import write_kb

    from generator.content import load
    from generator.search import build_index

    build_index(load(write_kb(site_dir.parent / "kb")), site_dir)
    hostile = "<script>alert(1)</script>"
    found = viewer.get("/api/v1/search", params={"q": "Clock  Skew", "lang": "en"}).json()
    assert found["total"] > 0
    viewer.get("/api/v1/search", params={"q": "clock skew", "lang": "en"})
    assert viewer.post("/api/v1/search/click", json={"query": "CLOCK SKEW", "result_id": found["results"][0]["id"],
                                                     "position": 1, "lang": "en"}).status_code == 204
    assert viewer.get("/api/v1/search", params={"q": hostile, "lang": "en"}).json()["total"] > 0  # "script"
    assert viewer.get("/api/v1/search", params={"q": "Xyzzy  frobnicate", "lang": "en"}).json()["total"] == 0
    assert viewer.get("/api/v1/search", params={"q": "certificate"}).json()["total"] > 0
    viewer.app.state.search_log.flush()  # searches are written in batches, about once a second

    page = viewer.get("/admin/search").text
    top = {row[0]: row[1:] for row in cells(page, "top-queries")}
    assert top["clock skew"][0] == "2" and top["clock skew"][2:] == ["1", "50%"]
    assert cells(page, "daily-ctr") == [[day(TODAY, "en"), "5", "1", "20%"]]
    assert [[r[0], r[1], r[3]] for r in cells(page, "no-results")] == [["xyzzy frobnicate", "1", "en"]]
    assert sorted(r[0] for r in cells(page, "no-clicks")) == [hostile, "certificate"]
    # Untrusted text is escaped everywhere it appears; the page has no script at all.
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_weak_answers_are_counted_apart_from_empty_and_unclicked_searches(staff_db, site_dir, viewer):
    tests = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(tests / "search"))
    from search_helpers import write_kb

    from generator.content import load
    from generator.search import build_index

    build_index(load(write_kb(site_dir.parent / "kb")), site_dir)
    weak = viewer.get("/api/v1/search", params={"q": "zeppelin hangar clock", "reader_lang": "en"}).json()
    assert weak["total"] > 0 and weak["answer"] == "weak"  # results, but none answers the question
    assert all(r["match"] == "weak" for r in weak["results"])
    good = viewer.get("/api/v1/search", params={"q": "clock skew", "reader_lang": "en"}).json()
    assert good["answer"] == "good" and good["results"][0]["match"] == "good"
    assert viewer.get("/api/v1/search", params={"q": "zeppelin hangar"}).json()["answer"] == "none"
    viewer.app.state.search_log.flush()

    page = viewer.get("/admin/search").text
    assert stat(page, "weak") == "33%" and stat(page, "empty") == "33%"
    assert [r[:2] for r in cells(page, "weak-answers")] == [["zeppelin hangar clock", "1"]]
    assert [r[0] for r in cells(page, "no-results")] == ["zeppelin hangar"]
    assert sorted(r[0] for r in cells(page, "no-clicks")) == ["clock skew", "zeppelin hangar clock"]
