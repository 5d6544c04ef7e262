"""Related articles without a search index: most shared tags first (a tag counts twice the
category), then by title; same language only, never the page itself."""

from __future__ import annotations

import heapq
import random
import textwrap

from generator.content import load
from generator.site.context import TagNeighbours

TAGS = ["sso", "saml", "billing", "export", "api", "mobile"]
CATEGORIES = ["account", "billing", "data"]


def _write_kb(root, n: int = 60, seed: int = 3) -> None:
    rng = random.Random(seed)
    for i in range(n):
        lang = "zh" if i % 5 == 0 else "en"
        tags = rng.sample(TAGS, rng.randint(0, 3))
        category = rng.choice(CATEGORIES)
        title = f"Topic {rng.randint(0, 9)}"  # repeated titles: ties go by the order pages are met
        path = root / "articles" / category / f"page-{i}{'.zh' if lang == 'zh' else ''}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(f"""\
            ---
            id: page-{i}
            title: {title}
            category: {category}
            tags: [{', '.join(tags)}]
            owner: docs
            lang: {lang}
            ---
            Body of page {i}.
            """), encoding="utf-8")


def _by_definition(content, page, limit: int) -> list[str]:
    articles = [p for p in content.pages if p.type == "article" and p.lang == page.lang]
    scores: dict[str, int] = {}
    titles = {p.id: p.title for p in articles}
    for tag in page.tags:
        for other in [p for p in articles if tag in p.tags][:200]:
            scores[other.id] = scores.get(other.id, 0) + 2
    for other in [p for p in articles if p.category == page.category][:200]:
        scores[other.id] = scores.get(other.id, 0) + 1
    scores.pop(page.id, None)
    return heapq.nsmallest(limit, scores, key=lambda i: (-scores[i], titles[i]))


def test_neighbours_rank_by_shared_tags_then_category_then_title(tmp_path):
    _write_kb(tmp_path)
    content = load(tmp_path)
    for limit in (3, 10):
        neighbours = TagNeighbours(content, limit=limit)
        articles = [p for p in content.pages if p.type == "article"]
        assert len(articles) == 60
        for page in articles:
            got = neighbours[page.id]
            assert got == _by_definition(content, page, limit)
            assert page.id not in got
            assert all(content.by_id[i].lang == page.lang for i in got)
            assert len(got) <= limit
