"""Block provider on each runbook: severity, service, owner, last review, alert URL, and the incidents
that cite the runbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..content.model import ContentSet, Page
from ..releases.links import md_link
from ..safety.text import md_text
from ..settings import Settings
from ..site import Block
from .model import alert_name, citing_incidents, service_of
from .pages import alert_uri


def runbook_facts(page: Page, content: ContentSet, settings: Settings) -> Iterable[Block]:
    if page.type != "runbook":
        return []
    named = alert_name(page)
    if named is None:
        return []
    reviewed = page.reviewed.isoformat() if page.reviewed else "never"
    due = page.review_due() or (page.reviewed and page.reviewed + dt.timedelta(days=settings.review_every_default))
    if due and due < settings.today:
        reviewed += f" (review was due {due.isoformat()})"
    rows = [
        ("Alert", f"[`{named[0]}`]({md_link(page.src_path, alert_uri(named[0]))})"),
        ("Severity", page.severity or "—"),
        ("Service", md_text(service_of(page) or "—")),
        ("Owner", md_text(page.owner or "—")),
        ("Last reviewed", reviewed),
    ]
    table = "\n".join(["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows])
    blocks = [Block("top", f'<div class="kb-runbook-facts" markdown>\n\n{table}\n\n</div>\n', order=10)]
    incidents = citing_incidents(content).get(page.src_path, [])
    if incidents:
        items = []
        for inc in incidents:
            when = (inc.started.date() if inc.started else inc.date)
            prefix = f"{when.isoformat()} — " if when else ""
            sev = f" ({inc.severity})" if inc.severity else ""
            items.append(f"- {prefix}[{md_text(inc.title)}]({md_link(page.src_path, inc.src_path)}){sev}")
        blocks.append(Block("bottom", "## Incidents that used this runbook\n\n" + "\n".join(items) + "\n", order=50))
    return blocks
