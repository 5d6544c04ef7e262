"""``rewrite_markdown(page, content, settings)``: called by the MkDocs adapter before rendering.

It turns an incident's list-form timeline into a timeline (time beside text, dates shown once) and
annotates each action item with its owner, due date and state. Other timeline forms (a heading per
timestamp, a table) already read well and are left as written; so is every other page.
"""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from ..content.model import ContentSet, Page
from ..settings import Settings
from ..site import formats
from ..site.html import render
from . import actions, timeline
from .derive import derive

_ITEM = re.compile(r"^\s{0,3}[-*+]\s+")
_ALLOWED_EXTRA = re.compile(r"^(all times|times are)\b", re.I)


def rewrite_markdown(page: Page, content: ContentSet, settings: Settings) -> str:
    """The page's Markdown body with the timeline and action items made readable (incidents only)."""
    if page.type != "incident":
        return page.body
    incident = derive(page)
    lines = page.body.splitlines()
    replacements: dict[int, tuple[int, list[str]]] = {}  # start index -> (end index, new lines)
    span = _list_timeline_span(page, incident.timeline)
    if span is not None:
        replacements[span[0]] = (span[1], _timeline_html(incident.timeline, page.lang, settings.template_dir))
    for item in incident.actions:
        i = item.line - page.body_line
        wrapped = i + 1 < len(lines) and lines[i + 1].strip() and lines[i + 1].startswith((" ", "\t")) and not _ITEM.match(lines[i + 1])
        if _ITEM.match(lines[i]) and not wrapped:  # a wrapped item would lose its later lines
            replacements.setdefault(i, (i + 1, [_action_line(lines[i], item, settings.today, page.lang, settings.template_dir)]))
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in replacements:
            end, new = replacements[i]
            out += new
            i = end
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out) + ("\n" if page.body.endswith("\n") else "")


def _list_timeline_span(page: Page, entries: list[timeline.Entry]) -> tuple[int, int] | None:
    """Body-line range of a timeline written purely as list entries; None for other forms."""
    sec = timeline.section(page)
    if sec is None or not entries:
        return None
    entry_lines = {e.line - page.body_line for e in entries}
    first = last = None
    for i in range(sec.start, sec.end):
        line = sec.lines[i]
        if not line.strip() or _ALLOWED_EXTRA.match(line.strip()):
            continue
        if i in entry_lines and _ITEM.match(line):
            first = i if first is None else first
            last = i
        elif last is not None and line.startswith((" ", "\t")) and not sec.mask[i]:
            continue  # a wrapped entry line; dropping it would lose text, so give up below
        else:
            return None
    if first is None or last is None:
        return None
    # Wrapped lines belong to entries whose text we only kept in part: keep the source as written.
    if any(sec.lines[i].startswith((" ", "\t")) and sec.lines[i].strip() for i in range(first, last + 1) if i not in entry_lines):
        return None
    return first, last + 1


def _timeline_html(entries: list[timeline.Entry], lang: str, template_dir: str | None) -> list[str]:
    rows = []
    last_date: dt.date | None = None
    for e in entries:
        new_date = e.date if e.date and e.date != last_date else None
        last_date = e.date if new_date else last_date
        rows.append({"date": formats.day(new_date, lang) if new_date else "", "iso": e.when.isoformat() if e.when else "",
                     "clock": e.time.strftime("%H:%M") if e.time else "", "text": Markup(e.text)})
    return render("incident_timeline.html", template_dir, entries=rows).split("\n")


def _action_line(line: str, item: actions.ActionItem, today: dt.date, lang: str, template_dir: str | None) -> str:
    return render(
        "incident_action.html", template_dir, lang=lang, indent=line[: len(line) - len(line.lstrip())],
        box="[x]" if item.done else "[ ]", text=Markup(item.text), owner=item.owner,
        owner_html=Markup("<strong>{}</strong>").format(item.owner or ""), due=formats.day(item.due, lang) if item.due else "",
        overdue=item.overdue(today), state=item.state,
    )
