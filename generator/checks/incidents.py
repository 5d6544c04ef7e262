"""Rules for post-incident reviews: timeline order, resolved before started, action-item owners and
due dates, required sections.

Our kb is held to all of them as errors. Foreign reviews only get the two that point at real
mistakes in what they wrote (order, resolved/started) as warnings; they never promised owners.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..incidents.derive import derive, is_review
from ..settings import Settings
from .runbooks import check_required_sections

_HINT = "add '(owner: NAME, due: YYYY-MM-DD)'"


def _report(content: ContentSet, diags: Diagnostics) -> Callable[[str, int, str, str], None]:
    return diags.error if content.managed else diags.warning


def incident_sections(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    check_required_sections(content, diags, "incident")


def incident_timeline_order(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    from ..incidents.timeline import out_of_order

    report = _report(content, diags)
    for page in content.of_type("incident"):
        if not is_review(page):
            continue
        for entry, before in out_of_order(derive(page).timeline):
            report(page.src_path, entry.line, "timeline-order",
                   f"timeline entry '{entry.stamp}' is earlier than the entry before it ({before.stamp})")


def _utc(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def incident_times(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    report = _report(content, diags)
    for page in content.of_type("incident"):
        if page.started and page.resolved and page.resolved < page.started:
            report(page.src_path, page.line_of("resolved"), "resolved-before-started",
                   f"'resolved' ({_utc(page.resolved)}) is before 'started' ({_utc(page.started)})")


def incident_action_owners(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    if not content.managed:
        return
    for page in content.of_type("incident"):
        for item in derive(page).actions:
            if not item.owner:
                diags.error(page.src_path, item.line, "action-item", f"action item has no owner: {_HINT}")
            elif not item.due:
                diags.error(page.src_path, item.line, "action-item", f"action item has no due date: {_HINT}")
