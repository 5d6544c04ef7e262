"""What the theme shows around a page (breadcrumbs, meta line, related, translations), as plain data."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ..content.audience import INTERNAL
from ..content.model import ContentSet, Page
from ..settings import Settings
from .credits import credits
from .home import home_src
from .i18n import STRINGS
from .links import lang_prefix
from .listings import category_src

RELATED_LIMIT = 5


@dataclass
class Crumb:
    title: str
    src: str  # source path; the adapter turns it into a URL


@dataclass
class PageContext:
    id: str
    type: str
    lang: str
    title: str
    breadcrumbs: list[Crumb]
    category: str | None = None
    category_title: str | None = None
    tags: list[tuple[str, str]] = field(default_factory=list)  # (label, tag page src)
    owner: str | None = None
    reviewed: str | None = None
    stale: bool = False
    internal: bool = False  # for staff only: the page shows the "internal" badge
    applies_to: str | None = None
    version: str | None = None
    translations: list[tuple[str, str, str]] = field(default_factory=list)  # (lang, title, src)
    related: list[tuple[str, str]] = field(default_factory=list)  # (title, src)
    contributors: list[tuple[str, str | None]] = field(default_factory=list)  # (name, portal handle or None)
    strings: dict[str, str] = field(default_factory=dict)


SECTION_SRC = {"release": "releases/index.md", "runbook": "runbooks/index.md", "incident": "incidents/index.md"}
SECTION_KEY = {"release": "release_notes", "runbook": "runbooks", "incident": "incidents"}


def _home(page: Page, settings: Settings) -> str:
    return home_src(page.lang if page.lang in settings.languages else settings.default_lang, settings)


def is_home(page: Page, settings: Settings) -> bool:
    """The home page of the page's language: no breadcrumbs, and not a search result of its own."""
    return page.src_path in (_home(page, settings), "README.md")


def page_context(page: Page, content: ContentSet, settings: Settings, related: list[str] | None = None) -> PageContext:
    lang = page.lang
    strings = STRINGS.get(lang, STRINGS["en"])
    home = _home(page, settings)
    crumbs = [] if is_home(page, settings) else [Crumb(strings["home"], home)]
    cat = content.taxonomy.categories.get(page.category or "")
    if cat:
        crumbs.append(Crumb(cat.title_in(lang), category_src(cat.key, lang, settings)))
    elif page.type in SECTION_SRC:
        crumbs.append(Crumb(strings[SECTION_KEY[page.type]], lang_prefix(lang, settings.default_lang) + SECTION_SRC[page.type]))
    from .listings import tag_src  # local: listings imports nothing from here, keep it one-way

    tags = []
    for name in page.tags:
        key = content.taxonomy.resolve_tag(name) or name
        tag = content.taxonomy.tags.get(key)
        tags.append((tag.title_in(lang) if tag else key, tag_src(key, lang, settings)))
    related = related or []
    return PageContext(
        id=page.id,
        type=page.type,
        lang=lang,
        title=page.title,
        breadcrumbs=crumbs,
        category=page.category,
        category_title=cat.title_in(lang) if cat else None,
        tags=tags,
        owner=page.owner,
        reviewed=page.reviewed.isoformat() if page.reviewed else None,
        stale=page.is_stale(settings.today),
        internal=page.audience == INTERNAL,
        applies_to=str(page.applies_to) if page.applies_to else None,
        version=str(page.version) if page.version else None,
        translations=[(p.lang, p.title, p.src_path) for p in content.translations(page)],
        related=[(content.by_id[i].title, content.by_id[i].src_path) for i in related if i in content.by_id],
        contributors=credits(page.contributors),
        strings=strings,
    )


CAPPED = 200  # pages per tag (and per category) that tag-overlap ranking looks at


class TagNeighbours(Mapping[str, list[str]]):
    """Related articles without a search index: same language, most shared tags, then category.

    A mapping ``page id -> [related ids]`` that ranks a page only when asked, so a preview rebuild
    that renders one page does not rank five thousand.
    """

    def __init__(self, content: ContentSet, limit: int = RELATED_LIMIT) -> None:
        self.limit = limit
        self.articles = {p.id: p for p in content.pages if p.type == "article"}
        self.titles = {pid: p.title for pid, p in self.articles.items()}
        # Page ids (not pages) per (language, tag) and (language, category), at most the first 200:
        # a tag on thousands of pages relates nobody in particular.
        self.by_tag: dict[tuple[str, str], list[str]] = {}
        self.by_cat: dict[tuple[str, str], list[str]] = {}
        for p in self.articles.values():
            for tag in p.tags:
                self.by_tag.setdefault((p.lang, tag), []).append(p.id)
            if p.category:
                self.by_cat.setdefault((p.lang, p.category), []).append(p.id)
        for table in (self.by_tag, self.by_cat):
            for ids in table.values():
                del ids[CAPPED:]
        self._memo: dict[str, list[str]] = {}

    def __getitem__(self, pid: str) -> list[str]:
        if pid not in self._memo:
            self._memo[pid] = self._rank(self.articles[pid])
        return self._memo[pid]

    def __iter__(self) -> Iterator[str]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def _rank(self, p: Page) -> list[str]:
        scores: dict[str, int] = {}
        get = scores.get
        for tag in p.tags:
            for other in self.by_tag.get((p.lang, tag), ()):
                scores[other] = get(other, 0) + 2
        for other in self.by_cat.get((p.lang, p.category or ""), ()):
            scores[other] = get(other, 0) + 1
        scores.pop(p.id, None)
        # Most shared first, then by title, then as met: the scores are a few small numbers, so only
        # the pages of the best of them are picked out and have their titles compared.
        out: list[str] = []
        title = self.titles.__getitem__
        for score in sorted(set(scores.values()), reverse=True):
            room = self.limit - len(out)
            if room <= 0:
                break
            out += heapq.nsmallest(room, [pid for pid, s in scores.items() if s == score], key=title)
        return out


def tag_overlap_related(content: ContentSet, limit: int = RELATED_LIMIT) -> TagNeighbours:
    return TagNeighbours(content, limit)


def fuse_related(*rankings: Mapping[str, list[str]], limit: int = RELATED_LIMIT, k: int = 5) -> dict[str, list[str]]:
    """Reciprocal-rank fusion of several related-article rankings (text similarity, shared tags):
    each alone misses what the other sees, and RRF needs no score calibration between them."""
    out: dict[str, list[str]] = {}
    for pid in set[str]().union(*rankings):
        scores: dict[str, float] = {}
        for ranking in rankings:
            for rank, other in enumerate(ranking.get(pid, ())):
                scores[other] = scores.get(other, 0.0) + 1.0 / (k + rank)
        out[pid] = sorted(scores, key=lambda o: (-scores[o], o))[:limit]
    return out


def related_pages(content: ContentSet, similar: dict[str, list[str]], limit: int = RELATED_LIMIT,
                  tags: Mapping[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Each page's related pages: text similarity (``similar``, from the search index) fused with
    shared tags (``tags``: ``tag_overlap_related(content, limit=10)``, or the same kept from an
    earlier build), keeping neighbours of the same kind (an article's readers want articles)."""
    by_id = content.by_id
    same_kind = {
        pid: [r for r in ids if r in by_id and by_id[r].type == by_id[pid].type]
        for pid, ids in similar.items() if pid in by_id
    }
    return fuse_related(same_kind, tags if tags is not None else tag_overlap_related(content, limit=10), limit=limit)
