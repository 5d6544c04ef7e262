"""Every provider the generator runs, in one place (add one line per new provider)."""

from __future__ import annotations

from typing import Callable, Iterable

from ..content.model import ContentSet, Page
from ..settings import Settings
from . import Block, GeneratedFile, GeneratedPage

PageProvider = Callable[[ContentSet, Settings], Iterable[GeneratedPage]]
FileProvider = Callable[[ContentSet, Settings], Iterable[GeneratedFile]]
BlockProvider = Callable[[Page, ContentSet, Settings], Iterable[Block]]

from .home import home_blocks, home_pages  # noqa: E402
from .listings import category_pages, tag_pages  # noqa: E402
from .search_page import search_pages  # noqa: E402

PAGE_PROVIDERS: list[PageProvider] = [
    home_pages,
    category_pages,
    tag_pages,
    search_pages,
]
FILE_PROVIDERS: list[FileProvider] = []
BLOCK_PROVIDERS: list[BlockProvider] = [
    home_blocks,
]


# The specialised content types (generator/releases, generator/runbooks, generator/incidents).
from ..incidents.pages import incident_pages  # noqa: E402
from ..releases.blocks import changed_in, version_banner  # noqa: E402
from ..releases.feeds import release_feeds  # noqa: E402
from ..releases.pages import release_pages  # noqa: E402
from ..runbooks.blocks import runbook_facts  # noqa: E402
from ..runbooks.pages import alert_index, runbook_pages  # noqa: E402

PAGE_PROVIDERS += [release_pages, runbook_pages, incident_pages]
FILE_PROVIDERS += [release_feeds, alert_index]
BLOCK_PROVIDERS += [changed_in, version_banner, runbook_facts]


def generated_pages(content: ContentSet, settings: Settings) -> list[GeneratedPage]:
    return [p for provider in PAGE_PROVIDERS for p in provider(content, settings)]


def generated_files(content: ContentSet, settings: Settings) -> list[GeneratedFile]:
    return [f for provider in FILE_PROVIDERS for f in provider(content, settings)]


def blocks_for(page: Page, content: ContentSet, settings: Settings) -> list[Block]:
    blocks = [b for provider in BLOCK_PROVIDERS for b in provider(page, content, settings)]
    return sorted(blocks, key=lambda b: b.order)
