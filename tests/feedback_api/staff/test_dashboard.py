"""The overview: Wilson ranking, filters on every panel, chart, reasons, escaped comments."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from staff_helpers import TODAY, add_user, add_votes, login, table_rows

from generator.site.formats import day


@pytest.fixture
def signed_in(staff_db, staff_client):
    add_user(staff_db, "viewer@example.com", "viewer")
    assert login(staff_client, "viewer@example.com").status_code == 303
    return staff_client


def _bounds(page: str) -> list[float]:
    return [float(v) for v in re.findall(r'data-lower-bound="([0-9.]+)"', page)]


def test_ranking_uses_the_wilson_lower_bound_not_the_ratio(staff_db, signed_in):
    add_votes(staff_db, "reset-password", 45, 5)  # 90%, bound 0.7864
    add_votes(staff_db, "export-data", 19, 1)  # 95%, bound 0.7639: a better ratio, ranked lower
    add_votes(staff_db, "import-data", 5, 0)  # 100%, bound 0.5655: few votes
    add_votes(staff_db, "zh/reset-password", 3, 7, lang="zh")  # 30%, bound 0.1078
    add_votes(staff_db, "billing", 1, 0)  # below min_votes: not ranked
    page = signed_in.get("/admin/").text
    assert table_rows(page, "ranking") == ["Reset your password", "Export your data", "Import data", "重置密码"]
    assert _bounds(page) == pytest.approx([0.7864, 0.7639, 0.5655, 0.1078], abs=1e-4)
    assert "1 more has fewer" in page  # plural forms per language (feedback_api/i18n.py)
    # Raising the bar drops the article with 5 votes.
    page = signed_in.get("/admin/?min_votes=10").text
    assert table_rows(page, "ranking") == ["Reset your password", "Export your data", "重置密码"]


def test_filters_apply_to_every_panel(staff_db, signed_in):
    add_votes(staff_db, "reset-password", 2, 4, reason="outdated", comment="account comment")
    add_votes(staff_db, "export-data", 1, 5, reason="incomplete", comment="data comment")
    add_votes(staff_db, "zh/reset-password", 0, 6, lang="zh", reason="unclear", comment="zh comment")
    old = TODAY - dt.timedelta(days=40)
    add_votes(staff_db, "import-data", 0, 6, day=old, reason="did-not-solve", comment="old comment")

    page = signed_in.get("/admin/?category=data&min_votes=1").text
    assert table_rows(page, "ranking") == ["Export your data"]
    assert "data comment" in page and "account comment" not in page and "zh comment" not in page
    assert ">incomplete<" in page and ">outdated<" not in page
    assert "6 votes" in _chart_desc(page)

    page = signed_in.get("/admin/?lang=zh&min_votes=1").text
    assert table_rows(page, "ranking") == ["重置密码"]
    assert "zh comment" in page and "account comment" not in page

    # The default range is the last 30 days; a wider one brings the old votes in.
    assert "old comment" not in signed_in.get("/admin/").text
    frm, to = (old - dt.timedelta(days=1)).isoformat(), (old + dt.timedelta(days=1)).isoformat()
    page = signed_in.get(f"/admin/?from={frm}&to={to}&min_votes=1").text
    assert table_rows(page, "ranking") == ["Import data"]
    assert "old comment" in page and "data comment" not in page
    assert ">did not solve it<" in page
    assert "6 votes" in _chart_desc(page)


def _chart_desc(page: str) -> str:
    return re.search(r'<desc id="chart-desc">([^<]*)</desc>', page).group(1)


def test_bad_filter_values_are_reported_not_fatal(signed_in):
    response = signed_in.get("/admin/?from=yesterday&min_votes=lots")
    assert response.status_code == 200
    assert "must be a date like" in response.text and "must be a whole number" in response.text


def test_chart_is_server_side_svg_with_axes(staff_db, signed_in):
    add_votes(staff_db, "reset-password", 3, 2)
    page = signed_in.get("/admin/").text
    assert "<svg" in page and "<script" not in page
    assert "Votes per day" in page and "Day (UTC)" in page and ">Votes</text>" in page
    assert f"{day(TODAY, 'en')}: 3 helpful, 2 not helpful" in page  # 5 Dec 2026: dates per language
    assert page.count('class="helpful"') >= 1 and page.count('class="unhelpful"') >= 1


def test_reasons_breakdown_counts_not_helpful_votes(staff_db, signed_in):
    add_votes(staff_db, "reset-password", 5, 3, reason="outdated")
    add_votes(staff_db, "export-data", 0, 1, reason=None, prefix="x")
    page = signed_in.get("/admin/").text
    reasons = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td>', page)
    assert reasons == [("outdated", "3"), ("(none given)", "1")]


def test_hostile_comments_are_escaped(staff_db, signed_in):
    hostile = "<script>alert(1)</script><b>x</b>"
    add_votes(staff_db, "reset-password", 0, 1, comment=hostile)
    page = signed_in.get("/admin/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in page
    assert "<script" not in page and "<b>x</b>" not in page
