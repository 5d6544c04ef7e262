"""Our copy of Material's header must stay Material's header plus our one change.

theme/partials/header.html replaces Material's whole partial (Jinja cannot override a piece of
it); when an upgrade changes Material's original, this test fails so the copy is merged again
instead of silently shipping an old header.
"""

from __future__ import annotations

import re
from pathlib import Path

import material

OURS = Path(__file__).resolve().parents[2] / "theme" / "partials" / "header.html"
THEIRS = Path(material.__file__).resolve().parent / "templates" / "partials" / "header.html"
# Our only change: show the search box when the help center's own search replaces Material's.
CHANGE = (
    "{% if search.enabled %}",
    '{% if search.enabled or ((config.extra.kb or {}).static_search or "pagefind") != "material" %}',
)
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\s*", re.S)


def test_header_is_materials_with_one_change():
    theirs = THEIRS.read_text(encoding="utf-8")
    ours = OURS.read_text(encoding="utf-8")
    assert theirs.count(CHANGE[0]) == 1, f"Material's {THEIRS} changed: merge it into {OURS} again"
    expected = LEADING_COMMENT.sub("", theirs.replace(*CHANGE))
    assert LEADING_COMMENT.sub("", ours) == expected, (
        f"{OURS} is no longer Material's header ({THEIRS}) plus our one change: merge the upgrade"
    )
