"""The search results page (`search/`, `zh/search/`, ...): the server search when the API answers,
the static index (site/static-search/) otherwise. theme/assets/kb/search.js fills it in; without JavaScript the
form still reaches the page again with ?q= (and the header box links here)."""

from __future__ import annotations

import json
from typing import Iterable

from ..content.model import ContentSet
from ..settings import Settings
from . import GeneratedPage
from .html import render
from .i18n import t
from .links import lang_prefix
from .listings import languages_present


def facet_labels(content: ContentSet, lang: str) -> dict[str, dict[str, str]]:
    """Display names of the category and tag facet values (the API returns keys)."""
    tax = content.taxonomy
    return {
        "category": {key: cat.title_in(lang) for key, cat in tax.categories.items()},
        "tag": {key: tag.title_in(lang) for key, tag in tax.tags.items()},
    }


def search_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    for lang in languages_present(content, settings):
        src = f"{lang_prefix(lang, settings.default_lang)}search/index.md"
        labels = json.dumps(facet_labels(content, lang), ensure_ascii=False, separators=(",", ":"))
        body = render("search_page.html", settings.template_dir, lang=lang, api_url=settings.api_url, labels=labels,
                      id="kb-search-q", action=None, indent="") + "\n"
        yield GeneratedPage(src, t(lang, "search_button"), body, lang, {"hide": ["toc", "feedback", "navigation"], "kb_listing": "search"})
