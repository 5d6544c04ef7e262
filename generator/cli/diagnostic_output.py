"""Diagnostics as `kb check` prints them: compiler-style text, JSON, or GitHub Actions annotations.

Paths and messages carry text from content files, so every format prints control characters inertly
(see generator.content.untrusted_text): nothing a file holds can drive the terminal or the CI log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from ..content.diagnostics import Diagnostic
from ..content.untrusted_text import escape_controls

# json.dumps escapes C0 controls itself; C1 controls, DEL and bidirectional overrides it leaves raw.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def as_text(items: list[Diagnostic], where: Callable[[str], str]) -> list[str]:
    out = []
    for d in items:
        loc = f"{where(d.path)}:{d.line}" if d.line else where(d.path)
        out.append(escape_controls(f"{loc}: {d.severity}: {d.message} [{d.code}]"))
    return out


def as_json(items: list[Diagnostic], where: Callable[[str], str]) -> str:
    """Values are kept exact (a JSON escape, not a changed string), so tools can still match paths."""
    text = json.dumps(
        [{"file": where(d.path), "line": d.line, "severity": d.severity, "code": d.code, "message": d.message} for d in items],
        ensure_ascii=False, indent=2,
    )
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def as_github(items: list[Diagnostic], where: Callable[[str], str], strict: bool) -> list[str]:
    out = []
    for d in items:
        level = "error" if d.severity == "error" or strict else "warning"
        out.append(
            f"::{level} file={_property(where(d.path))},line={max(d.line, 1)},title={_property(d.code)}::{_data(d.message)}"
        )
    return out


def _data(text: str) -> str:
    # GitHub's workflow-command escapes first ('%', CR, LF), then any other control made visible.
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
