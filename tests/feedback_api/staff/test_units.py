"""Pure pieces, no database: Wilson bounds, CSV cells, chart scale, filter parsing, roles."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback_api.staff import chart, csvsafe, filters
from feedback_api.staff.roles import PERMISSIONS, Permission, Role, parse_role
from feedback_api.staff.wilson import lower_bound


@pytest.mark.parametrize(
    ("helpful", "total", "expected"),
    # Worked by hand from (p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.96.
    [(9, 10, 0.5958), (45, 50, 0.7864), (5, 5, 0.5655), (1, 1, 0.2065), (3, 10, 0.1078), (0, 6, 0.0), (0, 0, 0.0)],
)
def test_wilson_lower_bound(helpful, total, expected):
    assert lower_bound(helpful, total) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=x", "'\t=x"), ("\r=x", "'\r=x"),
     ("fine = ok", "fine = ok"), (None, ""), (3, "3")],
)
def test_csv_cells_never_start_a_formula(value, expected):
    assert csvsafe.cell(value) == expected


def test_chart_scale_and_labels():
    days = [dt.date(2024, 5, 1) + dt.timedelta(days=i) for i in range(30)]
    built = chart.build(days, {days[3]: (7, 4)})
    assert [v for _, v in built.y_ticks] == [0, 5, 10, 15]
    bar = built.bars[3]
    assert bar.helpful_y + bar.helpful_h == pytest.approx(built.bottom, abs=1e-6)  # helpful sits on the axis
    assert bar.not_helpful_y + bar.not_helpful_h == pytest.approx(bar.helpful_y, abs=1e-6)
    assert built.x_ticks[0][1] == dt.date(2024, 5, 1) and len(built.x_ticks) <= 7
    assert chart.build([], {}).total == 0


def test_filters_defaults_and_repairs():
    today = dt.date(2024, 6, 30)
    f = filters.parse({}, today)
    assert (f.date_from, f.date_to, f.min_votes) == (dt.date(2024, 6, 1), today, filters.DEFAULT_MIN_VOTES)
    f = filters.parse({"from": "2024-06-10", "to": "2024-06-01", "min_votes": "0"}, today)
    assert (f.date_from, f.date_to, f.min_votes) == (dt.date(2024, 6, 1), dt.date(2024, 6, 10), 1)
    assert f.problems and "category" not in f.query()


def test_roles_widen_upwards():
    assert PERMISSIONS[Role.VIEWER] < PERMISSIONS[Role.REVIEWER] < PERMISSIONS[Role.ADMIN]
    assert PERMISSIONS[Role.ADMIN] == set(Permission)
    assert parse_role(" Admin ") is Role.ADMIN
    with pytest.raises(ValueError):
        parse_role("root")
