"""One build of a help center as named stages, free of any site engine.

An engine adapter (today `generator/mkdocs_plugin/`, which ProperDocs runs too) calls the stages
in this order and does only what needs the engine's own objects: turning pages into its files,
its navigation, converting Markdown and writing HTML through its templates.

    load -> index (starts in the background) -> check -> derive
         -> body (per page: Markdown in)      -> [engine converts Markdown]
         -> static_search (converted pages: starts in the background) -> related (waits for the index's ranking)
         -> page_data (per page: template data) -> [engine writes HTML]
         -> finish (manifest, redirects, generated files; waits for both indexes)
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checks import run_checks
from ..content import Diagnostics, load
from ..content.audience import readable_by
from ..content.loader import PageCache
from ..content.model import ContentSet, Page
from ..manifest import build_manifest, new_build_id, write_manifest
from ..settings import Settings
from ..site import GeneratedPage, i18n, registry
from ..site.body import render_body
from ..site.context import page_context, tag_overlap_related
from ..site.related_html import RelatedBox
from .cache import BuildCache
from .forked import Forked, thaw
from .redirects import write_redirects

if TYPE_CHECKING:  # both load heavy libraries; the stages import them when they run
    from ..search.background import BackgroundIndex

log = logging.getLogger("mkdocs.plugins.helpcenter")  # the name `mkdocs build --strict` counts

# What a page that cannot be converted becomes (no H1: the theme prints the page title above it).
_PINYIN_ENTRY = "pinyin of the titles listings sort"  # see i18n.pinyin
NOTICE = """\
!!! failure "This page could not be published"

    Its source {problem}. The build log names the file and line to fix.
"""

UrlOf = Callable[[str], str]  # a source path -> its published URL, as the engine assigned it


class SiteBuild:
    """The state of one build, handed from stage to stage (a preview keeps one across rebuilds)."""

    def __init__(self, settings: Settings, *, search_index: bool = True, static_search: str = "index",
                 page_cache: PageCache | None = None) -> None:
        self.settings = settings
        self.search_index = search_index
        self.static_search = static_search
        self.page_cache = page_cache  # loader cache kept between preview rebuilds
        self.cache: BuildCache | None = None  # the build cache (generator/build/cache.py), when the engine opened one
        self.build_id = new_build_id()
        self.content: ContentSet | None = None  # the pages this build publishes (its audience's)
        self.everything: ContentSet | None = None  # every page read, internal ones too (checked, never published publicly)
        self.withheld: list[str] = []  # source paths of pages read but left out of this build (internal ones)
        self.related: Mapping[str, list[str]] = {}
        self.render_diags = Diagnostics()  # what the compat layer could not translate
        self._index: BackgroundIndex | None = None  # the search-index process while it runs
        self._static: Forked | None = None  # the process writing our static index, while it runs
        self._checks: Forked | None = None  # the process running the content checks, while it runs

    # 1. load ------------------------------------------------------------------------------------
    def load(self, docs_dir: Path) -> ContentSet:
        thaw()  # (the objects an earlier build in this process froze are garbage by now)
        log.info("reading content from %s", docs_dir)
        self.everything = load(docs_dir, content_type=self.settings.content_type,
                               default_lang=self.settings.default_lang, collection=self.settings.collection,
                               progress=progress, cache=self.page_cache, audiences=self.settings.audiences,
                               store=self.cache)
        # Every later stage sees only the pages of this build's audience: a public build never holds
        # an internal page, so no listing, count, feed, index or redirect can leak one.
        self.content = readable_by(self.everything, self.settings.audience)
        kept = {id(p) for p in self.content.pages}
        self.withheld = [p.src_path for p in self.everything.pages if id(p) not in kept]
        if self.withheld:
            log.info("%s build: %d internal page(s) left out", self.settings.audience, len(self.withheld))
        self.render_diags = Diagnostics()
        return self.content

    # 2. check -----------------------------------------------------------------------------------
    def start_checks(self) -> None:
        """Every page is checked, whatever the audience (public pages may not link to internal ones),
        in a forked process while the build derives its pages and navigation (~0.3 s of a rebuild at
        5,000 pages); ``checked`` waits for the result, before any page converts."""
        if self.everything is None:
            raise RuntimeError("SiteBuild.load() must run first")
        self._checks = Forked(run_checks, self.everything, self.settings).start()

    def checked(self) -> Diagnostics:
        if self._checks is None:
            raise RuntimeError("SiteBuild.start_checks() must run first")
        checks, self._checks = self._checks, None
        diags: Diagnostics = checks.result()
        return diags

    # 3. derive ----------------------------------------------------------------------------------
    def derive(self) -> list[GeneratedPage]:
        """Generated pages (home, categories, tags, indexes); related articles from shared tags."""
        self.related = tag_overlap_related(self._content, limit=10)
        known = self.cache.get(_PINYIN_ENTRY) if self.cache is not None else None
        if isinstance(known, dict):
            i18n.know_pinyin({k: v for k, v in known.items() if isinstance(v, str)})
        pages = registry.generated_pages(self._content, self.settings)
        if self.cache is not None and (used := i18n.pinyin_used()) != known:
            self.cache.put(_PINYIN_ENTRY, used)
        return pages

    # 4. index -----------------------------------------------------------------------------------
    def start_index(self, site_dir: Path) -> None:
        """Index in a second process while Markdown converts (it also ranks related articles)."""
        self._index = None
        if self.search_index:
            from ..search.background import BackgroundIndex

            self._index = BackgroundIndex(self._content, site_dir, self.build_id, self.cache).start()

    def wait_for_index(self) -> None:
        """Related articles become the index's fused ranking; call before templates render. The
        index process goes on writing the index; ``finish`` waits for it."""
        if self._index is None:
            return
        log.info("waiting for related articles from the search index process")
        started = time.monotonic()
        self.related = self._index.related()
        # which of the build's two paths was the longer one (docs/performance.md reads it off this line)
        log.info("related articles after %.1f s of waiting", time.monotonic() - started)

    def _index_written(self) -> None:
        if self._index is None:
            return
        payload, self._index = self._index.result(), None
        log.info("search index: %d documents in %.1f s", payload["docs"], payload["seconds"])

    # 5. body ------------------------------------------------------------------------------------
    def body(self, page: Page) -> str:
        """The Markdown the engine converts for one page: body, blocks, compat translation."""
        if page.unconvertible:  # reported by the loader; converting it would take minutes
            return NOTICE.format(problem="nests too deeply to convert to HTML")
        return render_body(page, self._content, self.settings, self.render_diags)

    # 6. static search (each converted page's text and terms, in a process of its own) ------------
    def start_static_search(self, site_dir: Path, converted: Iterable[tuple[Page, str, str, str, str | None]]) -> None:
        """``converted``: (page, destination path, title, HTML body, a key naming that HTML or None) for
        every published page. Each page's entry and the index are made in a forked process while
        templates render (after a one-page edit they were a fifth of the rebuild, on the path
        everything waits for); without a spare core, here and now (build/forked.py)."""
        if self.static_search != "index":
            return
        self._static = Forked(_write_static_index, site_dir, converted, self.settings, self.cache).start()

    # 7. page data -------------------------------------------------------------------------------
    def page_data(self, page: Page, page_url: str, url_of: UrlOf) -> dict[str, Any]:
        """What the templates read as `kb` for one page."""
        pc = page_context(page, self._content, self.settings, self.related.get(page.id))
        data = {name: getattr(pc, name) for name in pc.__dataclass_fields__}  # shallow: asdict's deep copy cost a tenth of a render
        data["breadcrumbs"] = [{"title": c.title, "url": url_of(c.src)} for c in pc.breadcrumbs]
        data["tags"] = [{"title": title, "url": url_of(src)} for title, src in pc.tags]
        data["translations"] = [{"lang": lang, "title": title, "url": url_of(src)} for lang, title, src in pc.translations]
        data["related_html"] = RelatedBox(page_url, [(t, url_of(src)) for t, src in pc.related[:5]], pc.strings["related"],
                                          self.settings.template_dir)
        data["api_url"] = self.settings.api_url
        return data

    # 8. finish ----------------------------------------------------------------------------------
    def finish(self, site_dir: Path, urls: dict[str, str]) -> dict[str, Any]:
        """Everything written beside the HTML: manifest, redirects, generated files, the static index."""
        report(self.render_diags, fail=False)
        manifest = build_manifest(self._content, self.settings, self.build_id, urls)
        write_manifest(site_dir, manifest)
        write_redirects(site_dir, self._content, urls, self.settings.template_dir)
        for gf in registry.generated_files(self._content, self.settings):
            target = site_dir / gf.dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gf.content.encode("utf-8") if isinstance(gf.content, str) else gf.content)
        if self.static_search != "index":  # an index an earlier build wrote would outlive its pages
            from ..static_search.bundle import OUTPUT_SUBDIR

            shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
        if self._static is not None:
            stats, self._static = self._static.result(), None
            log.info("static search: %d pages, %d terms in %d shards (%d bytes, %.1f s%s)", stats["pages"], stats["terms"],
                     stats["shards"], stats["bytes"], stats["seconds"], ", the last build's patched" if stats.get("patched") else "")
        self._index_written()  # the whoosh index was written beside the templates and the static index
        log.info("wrote manifest.json with %d pages (build %s)", len(manifest["pages"]), self.build_id)
        return manifest

    def abort(self) -> None:
        """After a failed build: stop what runs in the background."""
        if self._index is not None:  # the search index process, and its result file
            self._index.cancel()
            self._index = None
        for stage in (self._static, self._checks):
            if stage is not None:
                stage.cancel()
        self._static = self._checks = None

    @property
    def _content(self) -> ContentSet:
        if self.content is None:
            raise RuntimeError("SiteBuild.load() must run first")
        return self.content


def _write_static_index(site_dir: Path, converted: Iterable[tuple[Page, str, str, str, str | None]], settings: Settings,
                        cache: BuildCache | None) -> dict[str, Any]:
    from ..static_search.bundle import write_index
    from ..static_search.pages import page_document, page_source
    from ..static_search.reuse import write_index_reusing

    if cache is None:
        return write_index(site_dir, [d for d in (page_document(page, settings, dest, title, html)
                                                  for page, dest, title, html, _ in converted) if d is not None])
    sources = [s for s in (page_source(page, settings, dest, title, html, cache, html_key)
                           for page, dest, title, html, html_key in converted) if s is not None]
    result = write_index_reusing(site_dir, sources, cache)
    cache.flush()  # what it stored (entries of pages edited since the last build, the index), for the next build
    return result


def progress(n: int, total: int, what: str) -> None:
    if total >= 500 and (n % 500 == 0 or n == total):
        log.info("%d/%d %s", n, total, what if n != total else "done")


class ContentErrors(Exception):
    """The content has `kb check` errors and the build was told to stop on them."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} content error(s); run 'kb check' for the full list")


def report(diags: Diagnostics, fail: bool) -> None:
    """Log diagnostics (repeats collapsed); with ``fail``, errors stop the build."""
    shown, summary = diags.collapsed()
    for d in shown:
        (log.error if d.severity == "error" else log.warning)(d.format())
    for line in summary:
        log.warning(line)
    if fail and diags.errors:
        raise ContentErrors(len(diags.errors))
