"""The rules `kb check` runs, in order (add one line per new rule)."""

from __future__ import annotations

from collections.abc import Callable

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings

Rule = Callable[[ContentSet, Settings, Diagnostics], None]

from .audience import check_audience_links  # noqa: E402
from .freshness import check_article_freshness  # noqa: E402
from .languages import check_home_languages  # noqa: E402
from .links import check_includes, check_links  # noqa: E402
from .placeholders import check_placeholders  # noqa: E402
from .taxonomy import check_aliases, check_summaries, check_taxonomy, check_translations  # noqa: E402

RULES: list[Rule] = [
    check_taxonomy,
    check_translations,
    check_home_languages,
    check_aliases,
    check_summaries,
    check_links,
    check_audience_links,
    check_includes,
    check_article_freshness,
    check_placeholders,
]

# Runbooks and post-incident reviews.
from .incidents import incident_action_owners, incident_sections, incident_timeline_order, incident_times  # noqa: E402
from .runbooks import runbook_reviews, runbook_sections  # noqa: E402

RULES += [runbook_sections, runbook_reviews, incident_sections, incident_timeline_order, incident_times, incident_action_owners]
