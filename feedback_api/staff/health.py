"""Content health: which articles to fix first.

An article is *unhelpful* when it has at least ``min_votes`` votes in the filtered period and
the Wilson lower bound of its helpful share is below the threshold, and *stale* when the build
marked it so or its review date has passed. Both at once comes first; within a group the worst
bound, then the longest-overdue review, leads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from feedback_api.staff import queries
from feedback_api.staff.articles import Article, Catalogue
from feedback_api.staff.filters import Filters
from feedback_api.staff.wilson import lower_bound

BOTH, UNHELPFUL, STALE = "unhelpful and stale", "unhelpful", "stale"
_ORDER = {BOTH: 0, UNHELPFUL: 1, STALE: 2}


@dataclass(frozen=True)
class Problem:
    article: Article
    kind: str
    votes: int
    helpful: int
    lower_bound: float | None  # None when there are too few votes to judge
    top_reason: str | None
    overdue_days: int | None

    @property
    def ratio(self) -> float | None:
        return self.helpful / self.votes if self.votes else None


def problems(conn: Connection, filters: Filters, catalogue: Catalogue, threshold: float, today: dt.date) -> list[Problem]:
    where = queries.conditions(filters, catalogue)
    stats = queries.per_article(conn, where)
    top_reasons = queries.reasons_by_article(conn, where)
    found = []
    for article_id in catalogue.ids(category=filters.category, lang=filters.lang):
        article = catalogue.get(article_id)
        helpful, votes = stats.get(article_id, (0, 0))
        bound = lower_bound(helpful, votes) if votes >= filters.min_votes else None
        unhelpful = bound is not None and bound < threshold
        stale = catalogue.is_stale(article, today)
        if not (unhelpful or stale):
            continue
        overdue = (today - article.review_due).days if article.review_due and article.review_due < today else None
        kind = BOTH if unhelpful and stale else UNHELPFUL if unhelpful else STALE
        found.append(Problem(article, kind, votes, helpful, bound, top_reasons.get(article_id), overdue))
    found.sort(key=_priority)
    return found


def _priority(p: Problem):
    return (
        _ORDER[p.kind],
        p.lower_bound if p.lower_bound is not None else 1.0,
        -(p.overdue_days or 0),
        -p.votes,
        p.article.title.lower(),
    )
