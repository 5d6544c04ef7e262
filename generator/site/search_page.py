"""The search results page: the server search when the API answers, the static index otherwise."""

from __future__ import annotations

import html
from typing import Iterable

from ..content.model import ContentSet
from ..settings import Settings
from . import GeneratedPage
from .i18n import t
from .links import lang_prefix
from .listings import languages_present


def search_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    for lang in languages_present(content, settings):
        src = f"{lang_prefix(lang, settings.default_lang)}search/index.md"
        placeholder = html.escape(t(lang, "search_placeholder"))
        body = (
            f'<div id="kb-search" class="kb-search" data-lang="{lang}" data-api="{html.escape(settings.api_url)}" markdown>\n'
            f'<form class="kb-hero-search" role="search" method="get">\n'
            f'<label class="kb-visually-hidden" for="kb-search-q">{placeholder}</label>\n'
            f'<input id="kb-search-q" name="q" type="search" placeholder="{placeholder}" autocomplete="off" lang="{lang}">\n'
            f'<button type="submit" class="md-button md-button--primary">{html.escape(t(lang, "search_button"))}</button>\n'
            f"</form>\n"
            f'<div class="kb-search__facets" aria-label="filters"></div>\n'
            f'<div class="kb-search__results" aria-live="polite"></div>\n'
            f"</div>\n"
        )
        yield GeneratedPage(src, t(lang, "search_button"), body, lang, {"hide": ["toc", "feedback"], "kb_listing": "search"})
