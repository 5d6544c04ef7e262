"""Options of the `helpcenter` plugin in mkdocs.yml; each maps onto generator.settings.Settings."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

from ..content.audience import AUDIENCES, DEFAULT_AUDIENCES, defaults_problems
from ..content.model import CONTENT_TYPES
from ..settings import Settings
from .render_budget import DEFAULT_SECONDS


class StaticSearch(c.Choice):
    """``static_search``; ``pagefind``, the former default (Pagefind's index), now means ``index``."""

    def __init__(self) -> None:
        super().__init__(("index", "material", "none"), default="index")

    def run_validation(self, value: object) -> object:
        if value == "pagefind":
            self.warnings.append("static_search: pagefind is now the built-in static index; write static_search: index")
            value = "index"
        return super().run_validation(value)


class HelpCenterConfig(Config):
    # What the content folder holds when it is not a kb/ with type folders (foreign content).
    content_type = c.Optional(c.Choice(CONTENT_TYPES))
    # A name for this content set, shown where several sets are mixed (e.g. runbooks from two teams).
    collection = c.Optional(c.Type(str))
    default_lang = c.Choice(("en", "zh"), default="en")
    languages = c.ListOfItems(c.Choice(("en", "zh")), default=["en", "zh"])
    # Where the browser reaches the feedback/search API; a relative path means "same origin".
    api_url = c.Type(str, default="/api/v1")
    # Listing pages (category, tag) paginate beyond this many entries.
    page_size = c.Type(int, default=50)
    # Build the whoosh search index into <site_dir>/.search/ (the service reads it).
    search_index = c.Type(bool, default=True)
    # [static_search] The search browsers use without the API (static hosting): our sharded index in
    # <site_dir>/static-search/ (default), Material's own lunr search, or none.
    static_search = StaticSearch()
    # Fixed "today" (YYYY-MM-DD) for reproducible stale banners in tests and screenshots.
    today = c.Optional(c.Type(str))
    # Processes that convert Markdown to HTML in `kb build` (1: MkDocs' own single loop). Default:
    # one per core, at most four. Previews always render in one process (they render few pages).
    render_processes = c.Optional(c.Type(int))
    # Seconds one page may take to convert to HTML; past it the page is published as a notice and
    # reported (a warning: --strict stops the build). 0 turns the budget off.
    render_timeout = c.Type((int, float), default=DEFAULT_SECONDS)
    # [build_cache] Where `kb build` keeps per-page work between builds (converted pages, rendered
    # templates, search-index documents): default `.kb-cache/<site folder>.sqlite` beside the site
    # folder; false turns it off. Safe to delete.
    build_cache = c.Optional(c.Type((str, bool)))
    # Whose site this build makes: public (internal pages left out entirely) or internal (every page,
    # internal ones badged). `kb build` makes the public one, and the internal one beside it when needed.
    audience = c.Choice(AUDIENCES, default="public")
    # The default audience of each content type, over the built-in ones (runbooks internal, the rest public).
    audiences = c.Type(dict, default={})
    # Fail the build on content errors (kb check errors); warnings only fail with --strict.
    fail_on_errors = c.Type(bool, default=True)


def to_settings(options: HelpCenterConfig, config) -> Settings:
    """The generator's settings from the plugin's options and MkDocs' own configuration; a bad
    option stops the build with a message naming it."""
    if options.render_processes is not None and options.render_processes < 1:
        raise PluginError(f"helpcenter: render_processes must be 1 or more (got {options.render_processes})")
    for problem in defaults_problems(options.audiences, CONTENT_TYPES):
        raise PluginError(f"helpcenter: {problem}")
    today = dt.date.fromisoformat(options.today) if options.today else dt.date.today()
    return Settings(
        default_lang=options.default_lang,
        languages=tuple(options.languages),
        content_type=options.content_type,
        collection=options.collection,
        api_url=options.api_url,
        site_url=config.site_url,
        page_size=options.page_size,
        today=today,
        use_directory_urls=config.use_directory_urls,
        audience=options.audience,
        audiences={**DEFAULT_AUDIENCES, **options.audiences},
        template_dir=config.theme.custom_dir,
    )
