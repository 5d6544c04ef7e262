"""Articles past their review date: the page shows a banner and `kb check` says so."""

from __future__ import annotations

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings


def check_article_freshness(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    for page in content.pages:
        if page.type != "article" or not page.is_stale(settings.today):
            continue
        diags.warning(
            page.src_path, page.line_of("reviewed"), "stale",
            f"article was last reviewed on {page.reviewed} and was due for review on {page.review_due()}",
        )
