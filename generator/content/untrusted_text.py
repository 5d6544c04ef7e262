"""Text that came from a content file, as it may be shown: escaped for terminals, judged for visibility.

Paths, titles, keys and values from content files reach terminals and CI logs through diagnostics and
the build log. A raw ESC or BEL there can recolour, rewrite or hide earlier lines (a forged "0 errors"),
a newline can forge a diagnostic of its own, and bidirectional overrides can reorder what a reviewer
reads. They are printed as visible escapes instead (``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (newline and tab included: a diagnostic is one line) and DEL, plus the
# bidirectional embeddings, overrides and isolates ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Letters and symbols that render as nothing although Unicode does not class them as format or
# space characters: Hangul fillers, the braille blank, the combining grapheme joiner, the Mongolian
# vowel separator.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180e")

# Controls, format characters (zero-width space, word joiner, BOM, soft hyphen...), unassigned code
# points and every kind of space.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Zs", "Zl", "Zp"})

# Controls no text file needs (tab, newline, carriage return and form feed excepted): NUL, ESC, BEL...
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def first_stray_control(text: str) -> int | None:
    """Offset of the first control character that has no business in a text file, or None."""
    m = _STRAY_CONTROL.search(text)
    return m.start() if m else None


def escape_controls(text: str) -> str:
    """``text`` with every control character replaced by its Python escape, so it prints inertly."""
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}"


def is_invisible(text: str) -> bool:
    """True when ``text`` would render as nothing: only spaces, zero-width and format characters."""
    return all(c in _BLANK_GLYPHS or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in text)


def escape_log_message(text: str) -> str:
    """A log message: controls escaped, and every line after the first indented, so a newline in a
    value reads as a continuation and cannot forge a log line of its own."""
    return "\n        ".join(escape_controls(line) for line in text.split("\n"))
