"""CSV export (filters, formula injection) and the content health list."""

from __future__ import annotations

import csv
import datetime as dt
import io

from staff_helpers import TODAY, add_user, add_votes, login


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_is_filtered_and_safe_against_formulas(staff_db, staff_client):
    add_user(staff_db, "rev@example.com", "reviewer")
    login(staff_client, "rev@example.com")
    add_votes(staff_db, "export-data", 0, 1, reason="other", comment='=HYPERLINK("http://evil","x")', prefix="a")
    add_votes(staff_db, "export-data", 0, 1, reason="other", comment="+1 works", prefix="b")
    add_votes(staff_db, "import-data", 0, 1, reason="other", comment="@SUM(1)", prefix="c")
    add_votes(staff_db, "import-data", 1, 0, comment="-2 fine, thanks", prefix="d")
    add_votes(staff_db, "reset-password", 1, 0, comment="plain, with a comma", prefix="e")
    add_votes(staff_db, "import-data", 1, 0, day=TODAY - dt.timedelta(days=60), comment="too old", prefix="f")

    response = staff_client.get("/admin/export.csv?category=data")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="votes-')
    rows = _rows(response)
    assert sorted(r["comment"] for r in rows) == [
        "'+1 works", "'-2 fine, thanks", "'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(1)",
    ]
    first = next(r for r in rows if r["article_id"] == "export-data")
    assert first["article_title"] == "Export your data" and first["category"] == "data"
    assert first["helpful"] == "no" and first["reason"] == "other" and first["created_at"].endswith("+00:00")

    everything = _rows(staff_client.get("/admin/export.csv"))
    assert len(everything) == 5 and "plain, with a comma" in {r["comment"] for r in everything}
    old = (TODAY - dt.timedelta(days=61)).isoformat()
    assert [r["comment"] for r in _rows(staff_client.get(f"/admin/export.csv?from={old}&to={old}"))] == []


def test_csv_export_opens_in_excel_with_chinese_text(staff_db, staff_client):
    add_user(staff_db, "rev@example.com", "reviewer")
    login(staff_client, "rev@example.com")
    add_votes(staff_db, "zh/reset-password", 0, 1, lang="zh", reason="other", comment="步骤不清楚")
    raw = staff_client.get("/admin/export.csv").content
    # Excel takes a CSV for UTF-8 only when it starts with the byte-order mark; else it uses GBK.
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "vote_id"
    assert rows[1][4] == "重置密码" and rows[1][-1] == "步骤不清楚"


def test_health_lists_unhelpful_and_stale_articles_worst_first(staff_db, staff_client):
    add_user(staff_db, "viewer@example.com", "viewer")
    login(staff_client, "viewer@example.com")
    add_votes(staff_db, "export-data", 1, 9, reason="outdated")  # stale too: both, first
    add_votes(staff_db, "import-data", 2, 8, reason="incomplete")  # bound 0.0567
    add_votes(staff_db, "zh/reset-password", 3, 7, lang="zh")  # bound 0.1078
    add_votes(staff_db, "reset-password", 9, 1)  # healthy (0.5958) and reviewed in time: absent
    # "billing": no votes, but its review date passed three days ago: stale.
    page = staff_client.get("/admin/health").text
    body = page[page.index('class="responsive health"'):]
    order = [t for t in ("Export your data", "Import data", "重置密码", "Billing basics", "Reset your password")
             if t in body]
    assert order == ["Export your data", "Import data", "重置密码", "Billing basics"]
    assert sorted(order, key=body.index) == order
    assert "unhelpful and stale" in body and ">bob<" in body and ">eve<" in body
    assert "3 days overdue" in body and ">outdated<" in body

    # A stricter threshold and a category filter narrow the list.
    page = staff_client.get("/admin/health?category=data&threshold=0.06").text
    body = page[page.index('class="responsive health"'):]
    assert "Export your data" in body and "Import data" in body and "Billing basics" not in body
    assert "重置密码" not in body
