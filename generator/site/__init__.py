"""Pages and page blocks the generator adds to a site, as Markdown — engine-agnostic.

Two extension points, both plain functions registered in ``generator.site.registry``:

* a **page provider** ``(content, settings) -> Iterable[GeneratedPage]`` adds whole pages
  (home, category and tag listings, release/runbook/incident indexes, feeds are files too);
* a **block provider** ``(page, content, settings) -> Iterable[Block]`` adds Markdown/HTML to an
  existing page (stale banner, "changed in 3.2", incidents citing a runbook, ...).

The MkDocs adapter turns GeneratedPage into virtual files and splices Blocks into page Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class GeneratedPage:
    src_uri: str  # where the page would live in the content folder, e.g. "tags/excel.md"
    title: str
    markdown: str
    lang: str = "en"
    meta: dict[str, Any] = field(default_factory=dict)  # becomes the page's front matter (e.g. hide: [toc])
    in_nav: bool = False  # top-level section pages go in the navigation; listings do not
    nav_order: int = 100


@dataclass
class GeneratedFile:
    """A non-page output file (feeds, JSON) written into the site directory as is."""

    dest_path: str  # relative to the site dir, e.g. "releases/feed.xml"
    content: str | bytes


@dataclass
class Block:
    position: Literal["top", "bottom"]
    markdown: str  # may hold raw HTML; wrap it in <div markdown> to keep inner Markdown working
    order: int = 100
