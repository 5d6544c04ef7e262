"""The overview's panels as plain data: ranking, daily chart, reasons, latest comments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from feedback_api.staff import chart, queries
from feedback_api.staff.articles import Article, Catalogue
from feedback_api.staff.filters import Filters
from feedback_api.staff.wilson import lower_bound

RANKING_LIMIT = 100
COMMENTS_LIMIT = 25


@dataclass(frozen=True)
class Ranked:
    article: Article
    helpful: int
    votes: int
    lower_bound: float

    @property
    def ratio(self) -> float:
        return self.helpful / self.votes if self.votes else 0.0


@dataclass(frozen=True)
class Overview:
    ranking: list[Ranked]
    unranked: int  # articles with votes, but fewer than min_votes
    votes: int
    helpful: int
    chart: chart.Chart
    reasons: list[tuple[str, int, float]]  # reason, count, share of not-helpful votes
    comments: list[tuple[queries.Comment, Article]]


def rank(stats: dict[str, tuple[int, int]], catalogue: Catalogue, min_votes: int) -> tuple[list[Ranked], int]:
    ranked = [
        Ranked(catalogue.get(article_id), helpful, total, lower_bound(helpful, total))
        for article_id, (helpful, total) in stats.items()
        if total >= min_votes
    ]
    # Ties on the bound: more votes first (more certain), then title for a stable order.
    ranked.sort(key=lambda r: (-r.lower_bound, -r.votes, r.article.title.lower(), r.article.id))
    return ranked, len(stats) - len(ranked)


def overview(conn: Connection, filters: Filters, catalogue: Catalogue) -> Overview:
    where = queries.conditions(filters, catalogue)
    stats = queries.per_article(conn, where)
    ranking, unranked = rank(stats, catalogue, filters.min_votes)
    reasons = queries.reasons(conn, where)
    not_helpful = sum(n for _, n in reasons)
    return Overview(
        ranking=ranking[:RANKING_LIMIT],
        unranked=unranked,
        votes=sum(total for _, total in stats.values()),
        helpful=sum(helpful for helpful, _ in stats.values()),
        chart=chart.build(filters.days(), queries.per_day(conn, where)),
        reasons=[(reason, n, n / not_helpful) for reason, n in reasons],
        comments=[(c, catalogue.get(c.article_id)) for c in queries.comments(conn, where, limit=COMMENTS_LIMIT)],
    )
