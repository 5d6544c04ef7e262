"""The MkDocs adapter: maps MkDocs' events onto the build's stages (generator/build/pipeline.py).

Only what needs MkDocs' own objects lives beside it: virtual files (files.py), the navigation and
each language's chrome (page_languages.py), the loop over pages with its time budget and helper
processes (page_loop.py) and the build cache's MkDocs side (build_cache.py).
ProperDocs runs this plugin unchanged (tests/generator/test_properdocs.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from ..build import ContentErrors, SiteBuild
from ..build.pipeline import report
from ..content.loader import url_for
from ..content.model import Page
from ..site.jinja_lookup import quiet_getattr
from . import files as vfiles
from . import local_files, material_setup, page_meta
from .build_cache import NoCache, RenderCache, print_stored_outputs, start_cache
from .config import HelpCenterConfig, to_settings
from .contributed_render import render_contributed
from .page_languages import PageLanguages
from .page_loop import PageLoop

# Set by the `kb` CLI to pass --type/--collection through `mkdocs serve`, which reloads config itself.
OVERRIDES_ENV = "KB_PLUGIN_OPTIONS"


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: SiteBuild | None = None  # the current build's stages and state
        self.by_src: dict[str, Page] = {}  # MkDocs source URI -> our page
        self.files_by_src: dict = {}  # source path -> MkDocs File, for URLs (set in on_nav)
        self.serving = False  # under `kb preview` / `mkdocs serve`: rebuild only what changed
        self.page_cache: dict = {}  # loader cache kept between preview rebuilds
        self.generated_dir: Path | None = None
        self.generated: dict[str, tuple[dict, str]] = {}  # generated page's source URI -> (front matter, body)
        self.static_index_built = False
        self.pages = PageLoop()  # time budget, helper processes and progress of the loop over pages
        self.languages = PageLanguages()  # each language's navigation, chrome and switch
        self.render_cache: RenderCache | NoCache = NoCache()  # pages unchanged since the last kb build
        self.site_folder = None  # `kb build` hands over its SiteFolder (generator/cli/site_folder.py)

    def on_startup(self, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across preview rebuilds,
        # which is what lets the caches below survive a save.
        self.serving = command == "serve"
        self.generated_dir = Path(tempfile.mkdtemp(prefix="kb-preview-")) if self.serving else None

    @event_priority(100)  # before Material's search plugin reads its jieba settings
    def on_config(self, config):
        for key, value in json.loads(os.environ.get(OVERRIDES_ENV) or "{}").items():
            self.config[key] = value
        settings = to_settings(self.config, config)
        material_setup.prepare(config, self.config.static_search, settings.api_url)
        local_files.refuse_linked_folders(Path(config.docs_dir))
        local_files.confine(config)
        self.languages.configure(config, settings.default_lang, settings.languages)
        self.build = SiteBuild(settings, search_index=self.config.search_index, static_search=self.config.static_search,
                               page_cache=self.page_cache if self.serving else None)
        return config

    def on_files(self, files: Files, config) -> Files:
        build = self.build
        self._close_cache(prune=False)
        keep = self.site_folder.keep if self.site_folder is not None else None
        self.render_cache = start_cache(self.config.build_cache, config, build.settings, self.serving, keep)
        build.cache = self.render_cache.cache
        content = build.load(Path(config.docs_dir))
        build.start_index(Path(config.site_dir))  # as early as it can: the index is an edit's longest stage
        build.start_checks()
        vfiles.withhold(files, build.withheld)  # pages of another audience: not even copied as files
        self.by_src = vfiles.add_content_files(files, content, config)
        self.pages.plan(self.config.render_timeout, self.by_src)
        generated = build.derive()
        self.generated = vfiles.add_generated_pages(files, generated, config, cache_dir=self.generated_dir)
        self.languages.plan(content, build.settings, generated, files, config)
        try:  # before any page converts: content errors stop the build there
            report(build.checked(), fail=self.config.fail_on_errors and content.managed)
        except ContentErrors as exc:
            raise PluginError(str(exc)) from None
        return files

    def _index_files(self, nav, config, files):
        self.files_by_src = vfiles.by_source(files, self.by_src)
        self.languages.index(files)
        self.render_cache.new_files(files, config)
        return nav

    @event_priority(-100)  # last: the helpers fork with the final files and navigation
    def _start_parallel_render(self, nav, config, files):
        self.pages.start(config, files, self.config.render_processes, self.serving)
        return nav

    on_nav = CombinedEvent(_index_files, _start_parallel_render)

    def on_pre_page(self, page, config, files):
        return self.pages.before(page)

    def on_page_read_source(self, page, config):
        kb_page = self.by_src.get(page.file.src_uri)  # (there is one only once the build has loaded the content)
        if kb_page is None and page.file.src_uri in self.generated:
            return page_meta.read_generated(page, *self.generated[page.file.src_uri])
        return page_meta.read_source(page, kb_page, self.render_cache, self.build.content.sources if kb_page else {})

    @event_priority(100)  # first: every plugin reads page.meta as MkDocs' own parse would have made it
    def _source_meta(self, markdown: str, page, config, files):
        return page_meta.restore(page, markdown)

    def _page_markdown(self, markdown: str, page, config, files):
        kb_page = self.by_src.get(page.file.src_uri)
        page_meta.prepare(page.meta, kb_page)
        return markdown if kb_page is None else self.build.body(kb_page)

    @event_priority(-100)  # last: the Markdown as every plugin left it is what converts
    def _converted_from_cache(self, markdown: str, page, config, files):
        self.render_cache.conversion(page, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_source_meta, _page_markdown, _converted_from_cache)

    def on_page_content(self, html: str, page, config, files) -> str:
        kb_page = self.by_src.get(page.file.src_uri)  # a contributor's text: the preview's rules
        return render_contributed(page, config, files) if kb_page is not None and kb_page.submission else html

    @event_priority(100)  # first: the helpers' work is done once every page is populated
    def on_env(self, env, config, files):
        print_stored_outputs(env)  # before any template loads
        quiet_getattr(env)
        self.pages.stop()
        self.languages.prepare_env(env, config, files, self.build.content, self.build.settings, self.by_src, self._url)
        if not (self.serving and self.static_index_built):  # a preview's first static index serves every rebuild
            self.build.start_static_search(Path(config.site_dir), vfiles.converted_pages(files, self.by_src))
        self.build.wait_for_index()
        return env

    def _template_context(self, context, template_name, config):
        return self.languages.not_found_context(context, template_name)

    @event_priority(-100)  # last: the context every plugin left is what the template reads
    def _theme_template_from_cache(self, context, template_name, config):
        self.render_cache.theme_template(context, template_name)
        return context

    on_template_context = CombinedEvent(_template_context, _theme_template_from_cache)

    @event_priority(100)  # first: the template's output before any plugin changes it
    def on_post_template(self, output: str, template_name: str, config) -> str:
        self.render_cache.rendered_template(output, template_name)
        return output

    def _page_context(self, context, page, config, nav):
        kb_page = self.by_src.get(page.file.src_uri)
        self.languages.enter(context, page, config, nav, kb_page.lang if kb_page else page.meta.get("lang"))
        if kb_page is not None:
            context["kb"] = self.build.page_data(kb_page, page.url, self._url)
        return context

    @event_priority(-100)  # last: the context every plugin left is what the template reads
    def _template_from_cache(self, context, page, config, nav):
        self.render_cache.template(context, page)
        return context

    on_page_context = CombinedEvent(_page_context, _template_from_cache)

    @event_priority(100)  # first: the template's output before any plugin changes it
    def _store_template(self, output: str, page, config) -> str:
        self.render_cache.rendered(output, page)
        return output

    def _post_page(self, output: str, page, config) -> str:
        self.pages.count("written")
        kb_page = self.by_src.get(page.file.src_uri)
        output = self.languages.leave(output, config, kb_page.lang if kb_page else page.meta.get("lang"))
        self.render_cache.written(output, page)
        return output

    on_post_page = CombinedEvent(_store_template, _post_page)

    def on_post_build(self, config) -> None:
        if self.build is None or self.build.content is None:
            return
        urls = {p.src_path: self._url(src) for src, p in self.by_src.items()}
        self.languages.write_not_found(config, self.render_cache)
        self.build.finish(Path(config.site_dir), urls)
        self.static_index_built = self.static_index_built or self.build.static_search == "index"
        self._close_cache(prune=True)

    def on_build_error(self, error) -> None:
        self.pages.stop()
        if self.build is not None:
            self.build.abort()
        self._close_cache(prune=False)

    def _close_cache(self, prune: bool) -> None:
        self.render_cache.close(prune)
        self.render_cache = NoCache()
        if self.build is not None:
            self.build.cache = None

    def _url(self, src: str) -> str:
        file = self.files_by_src.get(src)
        return url_for(src, self.build.settings.use_directory_urls) if file is None else file.url


