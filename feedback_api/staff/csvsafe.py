"""CSV cells that spreadsheets will not run as formulas (OWASP "CSV injection").

Comments are typed by anonymous visitors; a comment such as ``=HYPERLINK(...)`` would become a
live formula when staff open the export in Excel or LibreOffice. A leading apostrophe makes the
spreadsheet treat the cell as text. Tab and carriage return are included because some
spreadsheets strip them and then see the next character.
"""

from __future__ import annotations

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_TRIGGERS):
        return "'" + text
    return text


def row(values) -> list[str]:
    return [cell(v) for v in values]
