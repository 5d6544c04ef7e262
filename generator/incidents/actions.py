"""Action items: ``- [ ] text (owner: li.wei, due: 2026-12-15)`` task lists in our kb; plain bullets
or tables (etcd: Action Item | Type | Priority | Bug | Status) in foreign reviews."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..content import dates
from ..content.model import Page
from .sections import find
from .timeline import _ALIGN, cells

ACTION_NAMES = ("Action items", "Action item", "Follow ups", "Followups", "Next steps", "Action plan", "Corrective actions", "Remediation")
_TASK = re.compile(r"^\s{0,3}[-*+]\s+\[([ xX])\]\s+(.*)$")
_BULLET = re.compile(r"^\s{0,1}(?:[-*+]|\d+[.)])\s+(.*)$")
_META = re.compile(r"\s*\(([^()]*\b(?:owner|due|state)\s*:[^()]*)\)\s*$", re.I)
_DONE_WORDS = re.compile(r"^(done|closed|complete|completed|fixed|resolved|yes|✅)$", re.I)
_PROGRESS_WORDS = re.compile(r"progress|started|ongoing|doing|wip", re.I)
STATES = ("open", "in-progress", "done")


@dataclass(frozen=True)
class ActionItem:
    text: str
    owner: str | None
    due: dt.date | None
    state: str  # one of STATES
    line: int  # file line
    checkbox: bool = False  # written as a task-list item (ours)

    @property
    def done(self) -> bool:
        return self.state == "done"

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.due is not None and self.due < today


def split_meta(text: str) -> tuple[str, dict[str, str]]:
    """'Add alert (owner: li.wei, due: 2026-12-15)' -> ('Add alert', {'owner': 'li.wei', 'due': '2026-12-15'})."""
    m = _META.search(text)
    if not m:
        return text.strip(), {}
    meta = {}
    for part in m.group(1).split(","):
        key, sep, value = part.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    return text[: m.start()].strip(), meta


def _state(raw: str | None, checked: bool) -> str:
    if checked or (raw and _DONE_WORDS.match(raw.strip())):
        return "done"
    if raw and _PROGRESS_WORDS.search(raw):
        return "in-progress"
    return "open"


def parse(page: Page) -> list[ActionItem]:
    sec = find(page, ACTION_NAMES)
    if sec is None:
        return []
    out: list[ActionItem] = []
    from_table: list[ActionItem] = []
    done_heading = False
    header: list[str] | None = None
    sub_heads = {h.line - page.body_line: h for h in page.headings if h.level > sec.heading.level}
    for i in range(sec.start, sec.end):
        line, file_line = sec.lines[i], page.body_line + i
        if sec.mask[i]:
            continue
        if i in sub_heads:
            # PostHog: "### Immediate Actions (Completed)"
            done_heading = bool(re.search(r"\bcompleted?\b|\bdone\b", sub_heads[i].text, re.I))
            continue
        if line.lstrip().startswith("|"):
            if _ALIGN.match(line):
                continue
            row = cells(line)
            if header is None or (i + 1 < sec.end and _ALIGN.match(sec.lines[i + 1])):
                header = [c.lower() for c in row]
                continue
            from_table.append(_from_row(header, row, file_line))
            continue
        task = _TASK.match(line)
        if task:
            text, meta = split_meta(task.group(2))
            out.append(_item(text, meta, task.group(1) != " ", file_line, checkbox=True))
            continue
        bullet = _BULLET.match(line)
        if bullet and bullet.group(1).strip():
            raw = bullet.group(1).strip()
            checked = done_heading or raw.startswith("✅")
            text, meta = split_meta(raw.lstrip("✅ ").strip())
            out.append(_item(text, meta, checked, file_line))
    # Where the items are a table, the bullets around it explain the columns (etcd's "Types: Prevent...").
    return from_table or out


def _item(text: str, meta: dict[str, str], checked: bool, line: int, checkbox: bool = False) -> ActionItem:
    return ActionItem(text, meta.get("owner") or None, dates.to_date(meta.get("due")), _state(meta.get("state"), checked), line, checkbox)


def _column(header: list[str], *words: str) -> int | None:
    for n, name in enumerate(header):
        if any(w in name for w in words):
            return n
    return None


def _from_row(header: list[str], row: list[str], line: int) -> ActionItem:
    def cell(n: int | None) -> str:
        return row[n].strip() if n is not None and n < len(row) else ""

    text_col = _column(header, "action", "item", "task", "description", "title")
    text = cell(text_col if text_col is not None else 0)
    status = cell(_column(header, "status", "state", "done"))
    return ActionItem(
        text,
        cell(_column(header, "owner", "assignee", "who")) or None,
        dates.to_date(cell(_column(header, "due", "deadline", "eta"))),
        _state(status, False),
        line,
    )
