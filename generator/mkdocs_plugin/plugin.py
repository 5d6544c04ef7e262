"""MkDocs events, delegating to plain-Python generator modules.

Keep this file thin: anything worth testing without a MkDocs build belongs in generator.content,
generator.site, generator.search or generator.manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from dataclasses import fields
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from ..checks import run_checks
from ..content import Diagnostics, load
from ..content.loader import url_for
from ..content.schema import template_problems
from ..content.model import ContentSet, Page
from ..manifest import build_manifest, new_build_id, write_manifest
from ..settings import Settings
from ..safety import contributed
from ..safety.text import html_safe_meta
from ..site import registry
from ..site.body import render_body
from ..site.context import page_context, tag_overlap_related
from ..site.related_html import related_box
from . import files as vfiles
from .config import HelpCenterConfig
from .navigation import build_nav
from .parallel_render import ParallelRender, default_processes
from .redirects import write_redirects

log = logging.getLogger("mkdocs.plugins.helpcenter")
THEME_DIR = Path(__file__).resolve().parents[2] / "theme"
# Set by the `kb` CLI to pass --type/--collection through `mkdocs serve`, which reloads config itself.
OVERRIDES_ENV = "KB_PLUGIN_OPTIONS"


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.content: ContentSet | None = None
        self.settings = Settings()
        self.by_src: dict[str, Page] = {}
        self.related: dict[str, list[str]] = {}
        self.build_id = ""
        self.background = None  # the search-index process of the current build
        self.serving = False  # under `kb preview` / `mkdocs serve`: rebuild only what changed
        self.page_cache: dict = {}  # loader cache kept between preview rebuilds
        self.generated_dir: Path | None = None
        self.pagefind_built = False
        self.pagefind = None  # the static index building in the background (kb build)
        self.render_diags = Diagnostics()  # what the compat layer could not translate
        self.files_by_src: dict = {}  # source path -> MkDocs File, for URLs (set in on_nav)
        self.parallel: ParallelRender | None = None  # helper processes rendering Markdown (kb build)
        self.progress = {"pages": 0, "converted": 0, "written": 0}  # for the build log

    # -- configuration -------------------------------------------------------------------------
    def on_startup(self, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across preview rebuilds,
        # which is what lets the caches below survive a save.
        self.serving = command == "serve"
        if self.serving:
            self.generated_dir = Path(tempfile.mkdtemp(prefix="kb-preview-"))

    @event_priority(100)  # before Material's search plugin reads its jieba settings
    def on_config(self, config):
        overrides = json.loads(os.environ.get(OVERRIDES_ENV) or "{}")
        for key, value in overrides.items():
            self.config[key] = value
        today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        self.settings = Settings(
            default_lang=self.config.default_lang,
            languages=tuple(self.config.languages),
            content_type=self.config.content_type,
            collection=self.config.collection,
            api_url=self.config.api_url,
            site_url=config.site_url,
            page_size=self.config.page_size,
            today=today,
            use_directory_urls=config.use_directory_urls,
        )
        if THEME_DIR.is_dir() and str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and self.config.static_search != "material":
            # Nobody downloads Material's lunr index then (theme/partials/search.html does not bind
            # it), so do not spend a fifth of the build segmenting and writing it.
            search.config["enabled"] = False
        user_dict = Path(config.docs_dir) / "dictionary.txt"
        if search is not None and user_dict.exists() and not search.config.get("jieba_dict_user"):
            search.config["jieba_dict_user"] = str(user_dict)
        if self.config.render_processes is not None and self.config.render_processes < 1:
            raise PluginError(f"helpcenter: render_processes must be 1 or more (got {self.config.render_processes})")
        config.extra.setdefault("kb", {})["api_url"] = self.settings.api_url
        config.extra["kb"]["static_search"] = self.config.static_search  # read by theme/partials/search.html
        self.build_id = new_build_id()
        return config

    # -- content -----------------------------------------------------------------------------
    def on_files(self, files: Files, config) -> Files:
        docs_dir = Path(config.docs_dir)
        log.info("reading content from %s", docs_dir)
        self.content = load(
            docs_dir,
            content_type=self.settings.content_type,
            default_lang=self.settings.default_lang,
            collection=self.settings.collection,
            progress=_progress,
            cache=self.page_cache if self.serving else None,
        )
        diags = run_checks(self.content, self.settings)
        _report(diags, fail=self.config.fail_on_errors and self.content.managed)
        self.render_diags = Diagnostics()
        self.by_src = vfiles.add_content_files(files, self.content, config)
        generated = registry.generated_pages(self.content, self.settings)
        vfiles.add_generated_pages(files, generated, config, cache_dir=self.generated_dir)
        if config.nav is None:
            config.nav = build_nav(self.content, self.settings, generated, files)
        self.related = tag_overlap_related(self.content, limit=10)
        self._start_index(Path(config.site_dir))
        return files

    def _start_index(self, site_dir: Path) -> None:
        """Index in a second process while Markdown converts; related articles start from shared
        tags and become the fused ranking once the index is ready (on_env, before templates render)."""
        self.background = None
        if self.config.search_index:
            from ..search.background import BackgroundIndex

            self.background = BackgroundIndex(self.content, site_dir, self.build_id).start()

    def on_page_markdown(self, markdown: str, page, config, files):
        kb_page = self.by_src.get(page.file.src_uri)
        if kb_page is not None and self.content is not None:
            page.meta.setdefault("title", kb_page.title)
            if kb_page.type == "page":  # home and about pages: nothing to rate
                hide = page.meta.setdefault("hide", [])
                if "feedback" not in hide:
                    hide.append("feedback")
            markdown = render_body(kb_page, self.content, self.settings, self.render_diags)
        if template_problems(page.meta):  # foreign content builds despite the diagnostic: drop it
            del page.meta["template"]
        page.meta.update(html_safe_meta(page.meta))  # Material prints page.meta values unescaped
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        """A page whose text came from a contributor (``submission`` in its front matter) is
        rendered again with the contributed-Markdown extensions and cleaned with the same allow-list
        as the reviewer's preview (generator.safety.contributed), whatever the site's extensions."""
        kb_page = self.by_src.get(page.file.src_uri)
        if kb_page is None or not kb_page.submission:
            return html
        site_extensions = config["markdown_extensions"], config["mdx_configs"]
        config["markdown_extensions"] = list(contributed.EXTENSIONS)
        config["mdx_configs"] = contributed.extension_configs()
        try:
            page.markdown = contributed.neutralise(page.markdown)
            MkDocsPage.render(page, config, files)
        finally:
            config["markdown_extensions"], config["mdx_configs"] = site_extensions
        return contributed.clean(page.content)

    def on_page_context(self, context, page, config, nav):
        kb_page = self.by_src.get(page.file.src_uri)
        if kb_page is None or self.content is None:
            return context
        pc = page_context(kb_page, self.content, self.settings, self.related.get(kb_page.id))
        data = {f.name: getattr(pc, f.name) for f in fields(pc)}  # shallow: asdict's deep copy cost a tenth of a render
        data["breadcrumbs"] = [{"title": c.title, "url": self._url(c.src)} for c in pc.breadcrumbs]
        data["tags"] = [{"title": title, "url": self._url(src)} for title, src in pc.tags]
        data["translations"] = [{"lang": lang, "title": title, "url": self._url(src)} for lang, title, src in pc.translations]
        data["related_html"] = related_box(page.url, [(t, self._url(src)) for t, src in pc.related[:5]], pc.strings["related"])
        data["api_url"] = self.settings.api_url
        context["kb"] = data
        return context

    def on_post_page(self, output: str, page, config) -> str:
        self._count("written")
        kb_page = self.by_src.get(page.file.src_uri)
        lang = kb_page.lang if kb_page else page.meta.get("lang")
        site_lang = config.theme.get("language", "en")
        if lang and lang != site_lang:
            output = output.replace(f'<html lang="{site_lang}"', f'<html lang="{lang}"', 1)
        return output

    def on_post_build(self, config) -> None:
        if self.content is None:
            return
        _report(self.render_diags, fail=False)
        site_dir = Path(config.site_dir)
        urls = {p.src_path: self._url(src) for src, p in self.by_src.items()}
        manifest = build_manifest(self.content, self.settings, self.build_id, urls)
        write_manifest(site_dir, manifest)
        write_redirects(site_dir, self.content, urls, config)
        for gf in registry.generated_files(self.content, self.settings):
            target = site_dir / gf.dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            data = gf.content.encode("utf-8") if isinstance(gf.content, str) else gf.content
            target.write_bytes(data)
        if self.pagefind is not None:
            self.pagefind.finish(site_dir, progress=_progress)
            self.pagefind = None
            self.pagefind_built = True
        log.info("wrote manifest.json with %d pages (build %s)", len(manifest["pages"]), self.build_id)

    def _finish_index(self) -> None:
        log.info("waiting for the search index")
        payload = self.background.result()
        log.info("search index: %d documents in %.1f s", payload["docs"], payload["seconds"])
        self.related = payload["related"]

    def _url(self, src: str) -> str:
        file = self.files_by_src.get(src)
        if file is None:
            return url_for(src, self.settings.use_directory_urls)
        return file.url

    def _index_files(self, nav, config, files):
        self.files_by_src = {f.src_uri: f for f in files}
        for src, page in self.by_src.items():
            if src != page.src_path:  # extension-less and FAQ pages are published under another name
                self.files_by_src[page.src_path] = self.files_by_src.get(src)
        return nav

    @event_priority(-100)  # last: the helpers fork with the final files and navigation
    def _start_parallel_render(self, nav, config, files):
        self._stop_parallel_render()
        self.progress = {"pages": len(files.documentation_pages()), "converted": 0, "written": 0}
        if not self.serving:
            processes = self.config.render_processes or default_processes()
            self.parallel = ParallelRender.start(config, files, processes)
        return nav

    on_nav = CombinedEvent(_index_files, _start_parallel_render)

    def on_pre_page(self, page, config, files):
        if self.parallel is not None:
            self.parallel.before_render(page)
        self._count("converted")
        return page

    def _count(self, what: str) -> None:
        n, total = self.progress[what] + 1, self.progress["pages"]
        self.progress[what] = n
        if total >= 500 and (n % 500 == 0 or n == total):
            log.info("%d/%d pages %s", n, total, what)

    @event_priority(100)  # first: the helpers' work is done once every page is populated
    def on_env(self, env, config, files):
        self._stop_parallel_render()
        self._start_pagefind(files)
        if self.background is not None:
            self._finish_index()
            self.background = None
        return env

    def _start_pagefind(self, files) -> None:
        """Every page's content is converted now: Pagefind indexes it on the second core while the
        templates render. In a preview the first index serves every rebuild (re-indexing costs seconds)."""
        if self.config.static_search != "pagefind" or (self.serving and self.pagefind_built):  # [static_search]
            return
        from ..static_search import PagefindBuild
        from ..static_search.pages import indexed_page

        job = PagefindBuild()
        for file in files.documentation_pages():
            kb_page = self.by_src.get(file.src_uri)
            if kb_page is None or file.page is None or file.page.content is None:
                continue
            rec = indexed_page(kb_page, self.content, self.settings, file.dest_uri, kb_page.title, file.page.content)
            if rec is not None:
                job.add(rec)
        self.pagefind = job.start()

    def on_build_error(self, error) -> None:
        self._stop_parallel_render()
        if self.pagefind is not None:
            self.pagefind.cancel()
            self.pagefind = None

    def _stop_parallel_render(self) -> None:
        if self.parallel is not None:
            self.parallel.close()
            self.parallel = None


def _progress(n: int, total: int, what: str) -> None:
    if total >= 500 and (n % 500 == 0 or n == total):
        log.info("%d/%d %s", n, total, what if n != total else "done")


def _report(diags, fail: bool) -> None:
    shown, summary = diags.collapsed()
    for d in shown:
        (log.error if d.severity == "error" else log.warning)(d.format())
    for line in summary:
        log.warning(line)
    if fail and diags.errors:
        raise PluginError(f"{len(diags.errors)} content error(s); run 'kb check' for the full list")
