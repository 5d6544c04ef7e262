"""The rules `kb check` runs, in order (add one line per new rule)."""

from __future__ import annotations

from typing import Callable

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings

Rule = Callable[[ContentSet, Settings, Diagnostics], None]

from .freshness import check_article_freshness  # noqa: E402
from .links import check_links  # noqa: E402
from .taxonomy import check_aliases, check_summaries, check_taxonomy, check_translations  # noqa: E402

RULES: list[Rule] = [
    check_taxonomy,
    check_translations,
    check_aliases,
    check_summaries,
    check_links,
    check_article_freshness,
]
