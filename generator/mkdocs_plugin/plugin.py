"""The MkDocs adapter: maps MkDocs' events onto the build's stages (generator/build/pipeline.py).

Only what needs MkDocs' own objects lives here: virtual files, the navigation and each language's
chrome (page_languages.py), and the helper processes that convert Markdown (parallel_render.py).
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
from ..build.pipeline import progress, report
from ..content.audience import defaults_problems
from ..content.loader import url_for
from ..content.model import CONTENT_TYPES, Page
from . import files as vfiles
from . import local_files, material_setup, page_meta
from .build_cache import RenderCache, start_cache
from .config import HelpCenterConfig, to_settings
from .contributed_render import render_contributed
from .page_languages import PageLanguages
from .parallel_render import ParallelRender, default_processes
from .render_budget import RenderBudget

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
        self.pagefind_built = False
        self.parallel: ParallelRender | None = None  # helper processes rendering Markdown (kb build)
        self.budget: RenderBudget | None = None  # a time limit on converting each page
        self.progress = {"pages": 0, "converted": 0, "written": 0}  # for the build log
        self.languages = PageLanguages()  # each language's navigation, chrome and switch
        self.render_cache: RenderCache | None = None  # pages unchanged since the last kb build

    def on_startup(self, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across preview rebuilds,
        # which is what lets the caches below survive a save.
        self.serving = command == "serve"
        if self.serving:
            self.generated_dir = Path(tempfile.mkdtemp(prefix="kb-preview-"))

    @event_priority(100)  # before Material's search plugin reads its jieba settings
    def on_config(self, config):
        for key, value in json.loads(os.environ.get(OVERRIDES_ENV) or "{}").items():
            self.config[key] = value
        if self.config.render_processes is not None and self.config.render_processes < 1:
            raise PluginError(f"helpcenter: render_processes must be 1 or more (got {self.config.render_processes})")
        for problem in defaults_problems(self.config.audiences, CONTENT_TYPES):
            raise PluginError(f"helpcenter: {problem}")
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
        self._open_cache(config)
        content = build.load(Path(config.docs_dir))
        _report(build.check(), fail=self.config.fail_on_errors and content.managed)
        vfiles.withhold(files, build.withheld)  # pages of another audience: not even copied as files
        self.by_src = vfiles.add_content_files(files, content, config)
        self.budget = RenderBudget(self.config.render_timeout, self.by_src)
        generated = build.derive()
        vfiles.add_generated_pages(files, generated, config, cache_dir=self.generated_dir)
        self.languages.plan(content, build.settings, generated, files, config)
        build.start_index(Path(config.site_dir))
        return files

    def _index_files(self, nav, config, files):
        self.files_by_src = {f.src_uri: f for f in files}
        for src, page in self.by_src.items():
            if src != page.src_path:  # extension-less and FAQ pages are published under another name
                self.files_by_src[page.src_path] = self.files_by_src.get(src)
        self.languages.index(files)
        if self.render_cache is not None:
            self.render_cache.new_files(files, config)
        return nav

    @event_priority(-100)  # last: the helpers fork with the final files and navigation
    def _start_parallel_render(self, nav, config, files):
        self._stop_parallel_render()
        self.progress = {"pages": len(files.documentation_pages()), "converted": 0, "written": 0}
        if not self.serving:
            self.parallel = ParallelRender.start(config, files, self.config.render_processes or default_processes(),
                                                 render=self.budget.within(), cached=lambda page: getattr(page, "_kb_cached", False))
        return nav

    on_nav = CombinedEvent(_index_files, _start_parallel_render)

    def on_pre_page(self, page, config, files):
        self.budget.guard(page)
        if self.parallel is not None:
            self.parallel.before_render(page)
        self._count("converted")
        return page

    def _page_markdown(self, markdown: str, page, config, files):
        kb_page = self.by_src.get(page.file.src_uri)
        page_meta.prepare(page.meta, kb_page)
        return markdown if kb_page is None else self.build.body(kb_page)

    @event_priority(-100)  # last: the Markdown as every plugin left it is what converts
    def _converted_from_cache(self, markdown: str, page, config, files):
        if self.render_cache is not None:
            self.render_cache.conversion(page, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_page_markdown, _converted_from_cache)

    def on_page_content(self, html: str, page, config, files) -> str:
        kb_page = self.by_src.get(page.file.src_uri)
        if kb_page is None or not kb_page.submission:
            return html
        return render_contributed(page, config, files)  # a contributor's text: the preview's rules

    @event_priority(100)  # first: the helpers' work is done once every page is populated
    def on_env(self, env, config, files):
        self._stop_parallel_render()
        self.languages.prepare_env(env, config, files, self.build.content, self.build.settings, self.by_src, self._url)
        if not (self.serving and self.pagefind_built):  # a preview's first static index serves every rebuild
            self.build.start_static_search(
                (self.by_src[f.src_uri], f.dest_uri, self.by_src[f.src_uri].title, f.page.content)
                for f in files.documentation_pages()
                if f.src_uri in self.by_src and f.page is not None and f.page.content is not None)
        self.build.wait_for_index()
        return env

    def on_template_context(self, context, template_name, config):
        return self.languages.not_found_context(context, template_name)

    def _page_context(self, context, page, config, nav):
        kb_page = self.by_src.get(page.file.src_uri)
        self.languages.enter(context, page, config, nav, kb_page.lang if kb_page else page.meta.get("lang"))
        if kb_page is not None:
            context["kb"] = self.build.page_data(kb_page, page.url, self._url)
        return context

    @event_priority(-100)  # last: the context every plugin left is what the template reads
    def _template_from_cache(self, context, page, config, nav):
        if self.render_cache is not None:
            self.render_cache.template(context, page)
        return context

    on_page_context = CombinedEvent(_page_context, _template_from_cache)

    @event_priority(100)  # first: the template's output before any plugin changes it
    def _store_template(self, output: str, page, config) -> str:
        if self.render_cache is not None:
            self.render_cache.rendered(output, page)
        return output

    def _post_page(self, output: str, page, config) -> str:
        self._count("written")
        kb_page = self.by_src.get(page.file.src_uri)
        return self.languages.leave(output, config, kb_page.lang if kb_page else page.meta.get("lang"))

    on_post_page = CombinedEvent(_store_template, _post_page)

    def on_post_build(self, config) -> None:
        if self.build is None or self.build.content is None:
            return
        urls = {p.src_path: self._url(src) for src, p in self.by_src.items()}
        self.languages.write_not_found(config)
        self.build.finish(Path(config.site_dir), urls)
        self.pagefind_built = self.pagefind_built or self.build.static_search == "pagefind"
        self._close_cache(prune=True)

    def on_build_error(self, error) -> None:
        self._stop_parallel_render()
        if self.build is not None:
            self.build.abort()
        self._close_cache(prune=False)

    def _open_cache(self, config) -> None:
        self._close_cache(prune=False)
        self.render_cache = start_cache(self.config.build_cache, config, self.build.settings, self.serving)
        self.build.cache = self.render_cache.cache if self.render_cache else None

    def _close_cache(self, prune: bool) -> None:
        if self.render_cache is not None:
            self.render_cache.close(prune)
            self.render_cache = self.build.cache = None

    def _url(self, src: str) -> str:
        file = self.files_by_src.get(src)
        return url_for(src, self.build.settings.use_directory_urls) if file is None else file.url

    def _count(self, what: str) -> None:
        self.progress[what] += 1
        progress(self.progress[what], self.progress["pages"], f"pages {what}")

    def _stop_parallel_render(self) -> None:
        if self.parallel is not None:
            self.parallel.close()
            self.parallel = None


def _report(diags, fail: bool) -> None:
    try:
        report(diags, fail)
    except ContentErrors as exc:
        raise PluginError(str(exc)) from None
