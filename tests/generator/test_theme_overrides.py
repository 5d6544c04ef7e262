"""Our copy of Material's header must stay Material's header plus our changes.

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
# Our changes: show the search box when the help center's own search replaces Material's; without
# extra.alternate, a language switch to this page in each language.
CHANGES = (
    ("{% if search.enabled %}",
     '{% if search.enabled or ((config.extra.kb or {}).static_search or "index") != "material" %}'),
    ('{% include "partials/alternate.html" %}\n    {% endif %}',
     '{% include "partials/alternate.html" %}\n    {% elif kb_alternates %}\n'
     '      {% include "partials/kb-language-switch.html" %}\n    {% endif %}'),
)
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\s*", re.S)


def test_header_is_materials_with_our_changes():
    theirs = THEIRS.read_text(encoding="utf-8")
    ours = OURS.read_text(encoding="utf-8")
    expected = theirs
    for change in CHANGES:
        assert theirs.count(change[0]) == 1, f"Material's {THEIRS} changed: merge it into {OURS} again"
        expected = expected.replace(*change)
    expected = LEADING_COMMENT.sub("", expected)
    assert LEADING_COMMENT.sub("", ours) == expected, (
        f"{OURS} is no longer Material's header ({THEIRS}) plus our changes: merge the upgrade"
    )
