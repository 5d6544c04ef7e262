"""docs/contributions.md names every points rule, level, badge and setting of the feature."""

from __future__ import annotations

from pathlib import Path

from feedback_api.contrib import rules
from feedback_api.contrib.config import CONTRIB_SETTINGS

DOC = Path(__file__).resolve().parents[3] / "docs" / "contributions.md"


def test_every_rule_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for rule in rules.RULES:
        assert f"`{rule.name}`" in text, rule.name
        if rule.points is not None:
            assert f"| `{rule.name}` | {rule.points:+d}" in text, f"{rule.name}: the documented amount must be {rule.points:+d}"
    assert f"{rules.HELPFUL_VOTE_DAILY_CAP} per day" in text
    for level in rules.LEVELS:
        assert f"| {level.name} | {level.min_points} |" in text, level.name
    for badge in rules.BADGES:
        assert badge.name in text, badge.name
    for setting in CONTRIB_SETTINGS:
        assert f"`{setting.name}`" in text, setting.name
