"""Rules for runbooks: required sections (managed kb) and reviews past their interval."""

from __future__ import annotations

import datetime as dt

from ..content.diagnostics import Diagnostics
from ..content.markdown_scan import normalize_section_name
from ..content.model import ContentSet, Page
from ..content.schema import REQUIRED_SECTIONS
from ..settings import Settings


def missing_sections(page: Page, required: tuple[str, ...]) -> list[str]:
    have = {normalize_section_name(h.text) for h in page.headings if h.level == 2}
    return [name for name in required if normalize_section_name(name) not in have]


def check_required_sections(content: ContentSet, diags: Diagnostics, content_type: str) -> None:
    # Foreign runbooks and reviews follow their own templates; only our kb is held to ours.
    if not content.managed:
        return
    for page in content.of_type(content_type):
        for name in missing_sections(page, REQUIRED_SECTIONS[content_type]):
            diags.error(page.src_path, 1, "missing-section", f"missing required section '## {name}'")


def runbook_sections(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    check_required_sections(content, diags, "runbook")


def review_due(page: Page, settings: Settings) -> dt.date | None:
    """When the next review is due; pages with 'reviewed' but no 'review_every' use the site default."""
    if page.reviewed is None:
        return None
    return page.reviewed + dt.timedelta(days=page.review_every or settings.review_every_default)


def runbook_reviews(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    for page in content.of_type("runbook"):
        due = review_due(page, settings)
        if due is not None and due < settings.today:
            diags.warning(
                page.src_path, page.line_of("reviewed"), "review-overdue",
                f"runbook was last reviewed on {page.reviewed} and was due for review on {due.isoformat()}",
            )
