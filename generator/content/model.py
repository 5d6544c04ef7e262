"""The content model: what a help-center page is, independent of any site generator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .diagnostics import Diagnostics
from .markdown_scan import Heading, Link
from .versions import Version, VersionRange

ContentType = Literal["article", "runbook", "incident", "release", "page"]
CONTENT_TYPES: tuple[str, ...] = ("article", "runbook", "incident", "release")
# In a kb/ folder the first path segment says what a file is.
TYPE_FOLDERS = {"articles": "article", "runbooks": "runbook", "incidents": "incident", "releases": "release"}
LANGS = ("en", "zh")


@dataclass
class Page:
    id: str
    type: str  # one of CONTENT_TYPES or "page" (home, about, generated listings)
    src_path: str  # relative to the content folder, posix separators
    title: str
    lang: str
    url: str  # site-relative, e.g. "articles/tasks/create-a-task/" ("" is the home page)
    body: str  # Markdown after the front matter
    body_line: int  # file line on which ``body`` starts
    meta: dict[str, Any] = field(default_factory=dict)  # front matter as written
    meta_lines: dict[str, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] | None = None  # the body's links, scanned when the file is read (None: not scanned)
    summary: str = ""
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    owner: str | None = None
    reviewed: dt.date | None = None
    review_every: int | None = None
    date: dt.date | None = None  # publication date (releases, incidents) or last update
    translation_of: str | None = None
    applies_to: VersionRange | None = None
    aliases: list[str] = field(default_factory=list)
    # runbooks
    service: str | None = None
    alert: str | None = None
    severity: str | None = None  # runbooks: critical/warning/info; incidents: P0..P3
    # incidents
    started: dt.datetime | None = None
    detected: dt.datetime | None = None
    resolved: dt.datetime | None = None
    services: list[str] = field(default_factory=list)
    status: str | None = None
    runbooks: list[str] = field(default_factory=list)  # ids of runbooks an incident cites
    # releases
    version: Version | None = None
    affects: list[str] = field(default_factory=list)  # ids of articles a release changes
    # contributions
    submission: str | None = None  # id of the contributor submission this file came from
    contributors: list[str] = field(default_factory=list)
    audience: str | None = None  # "public" or "internal" (generator/content/audience.py); None until assigned
    # which content set a page came from when several are built together (runbook sets)
    collection: str | None = None
    generated: bool = False  # True for pages the generator writes (listings, indexes)
    unconvertible: str | None = None  # why the page is published as a notice, not converted (too deep)
    not_utf8: bool = False  # the file is not UTF-8: published from ``body`` (bad bytes as U+FFFD)

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1 if self.meta_lines else 0)

    def review_due(self) -> dt.date | None:
        if self.reviewed is None or not self.review_every:
            return None
        return self.reviewed + dt.timedelta(days=self.review_every)

    def is_stale(self, today: dt.date) -> bool:
        due = self.review_due()
        return due is not None and due < today

    @property
    def source_stem(self) -> str:
        return Path(self.src_path).stem


@dataclass
class Category:
    key: str
    title: dict[str, str]
    description: dict[str, str]
    order: int = 100
    icon: str | None = None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.key)

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or next(iter(self.description.values()), "")


@dataclass
class Tag:
    key: str
    title: dict[str, str]
    synonyms: list[str] = field(default_factory=list)

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.key)


@dataclass
class Taxonomy:
    categories: dict[str, Category] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    synonym_to_tag: dict[str, str] = field(default_factory=dict)  # lowercased synonym -> tag key

    def resolve_tag(self, name: str) -> str | None:
        key = str(name).strip()
        if key in self.tags:
            return key
        return self.synonym_to_tag.get(key.lower())


@dataclass
class ContentSet:
    root: Path
    pages: list[Page]
    taxonomy: Taxonomy
    diagnostics: Diagnostics
    managed: bool  # True for a kb/ folder with our structure; False for foreign content
    assets: frozenset[str] = frozenset()  # the folder's non-page files (images, data), posix relative
    refused: frozenset[str] = frozenset()  # symbolic links leading out of the folder: never published
    by_id: dict[str, Page] = field(default_factory=dict)
    by_path: dict[str, Page] = field(default_factory=dict)
    translated_by: dict[str, list[Page]] = field(default_factory=dict)  # id -> pages saying translation_of: id
    # Each page file's bytes as the build-cached load read them, by absolute path: what an adapter
    # would otherwise read from disk again (MkDocs reads every page to parse its front matter).
    sources: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.by_id = {}
        self.translated_by = {}
        for p in self.pages:
            self.by_id.setdefault(p.id, p)
            if p.translation_of:
                self.translated_by.setdefault(p.translation_of, []).append(p)
        self.by_path = {p.src_path: p for p in self.pages}

    def of_type(self, content_type: str) -> list[Page]:
        return [p for p in self.pages if p.type == content_type]

    def translations(self, page: Page) -> list[Page]:
        """Pages in other languages that are the same article (linked either way)."""
        out = []
        if page.translation_of and page.translation_of in self.by_id:
            out.append(self.by_id[page.translation_of])
        out.extend(self.translated_by.get(page.id, ()))
        return [p for p in out if p is not page]
