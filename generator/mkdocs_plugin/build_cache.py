"""The build cache on MkDocs' side (the store is the core's, generator/build/cache.py).

Two kinds of entry per page, each keyed by everything it is made from:

* the converted page (``Page.render``: HTML, table of contents, anchors, links, the warnings the
  conversion logged), keyed by the Markdown the plugins produced, the page's URL, every file's URL
  (what relative links resolve to) and the configuration;
* the rendered template (the HTML before ``on_post_page``), keyed by a fingerprint of the whole
  template context: the page (converted HTML, table of contents, metadata, neighbours), its
  language's navigation, our ``kb`` data (breadcrumbs, tags, related, translations), the language
  switch, the configuration and the theme's files. A context holding anything the fingerprint does
  not know is never cached: that page renders every time.

On a hit the conversion is skipped (``page.render`` restores the entry) and the template prints
the stored HTML without rendering (``StoredOutputTemplate``: the page's context holds it as
``kb_cached_page``). Every plugin event still runs. The default language's and every other
language's 404 page are kept the same way (``theme_template``): they print the whole navigation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..build.cache import BuildCache, code_fingerprint, default_path, digest, file_signature, tree_digest
from ..site.i18n import STRINGS

log = logging.getLogger("mkdocs.plugins.helpcenter")

CACHED_TEMPLATE_VAR = "kb_cached_page"
# What a page left as it is prints (MkDocs' write of it is skipped): fetching, unpacking, printing and
# comparing 5,000 pages' HTML was a fifth of the main process' work after an edit (py-spy); reading
# and hashing the files costs a fraction of that.
_KEPT = "<!-- kb: the file holds this page already -->"
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Context entries the fingerprint leaves out: every page's file list (the theme reads only the
# navigation's pages; which files exist is in the conversion key) and the build's date (unused by
# the theme; a template that used it would differ between any two builds anyway).
_SKIP_CONTEXT = {"pages", "build_date_utc", CACHED_TEMPLATE_VAR}


# Theme templates whose output is kept: what they read of the context is what a page's template reads
# (the sitemap lists ``pages``, which the fingerprint leaves out).
CACHED_THEME_TEMPLATES = frozenset({"404.html"})


class StoredOutputTemplate(jinja2.Template):
    """A template that prints the stored output its context holds (``kb_cached_page``) instead of
    rendering: Jinja's copying of a page's context and its theme's template chain only to print
    that was a tenth of a one-page rebuild's main process at 5,000 pages."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        stored = kwargs.get(CACHED_TEMPLATE_VAR)  # (render takes its context as dict() does)
        if stored is None and args and isinstance(args[0], dict):
            stored = args[0].get(CACHED_TEMPLATE_VAR)
        return str(stored) if stored is not None else super().render(*args, **kwargs)


def print_stored_outputs(env: jinja2.Environment) -> None:
    """From on_env, before any template loads: the theme's templates honour ``kb_cached_page``."""
    env.template_class = StoredOutputTemplate


class Uncacheable(Exception):
    """The template context holds something the fingerprint cannot describe."""


def start_cache(option, config, settings, serving: bool, keep: Callable[[str], None] | None = None) -> RenderCache | NoCache:
    """The cache `kb build` reuses (plugin option ``build_cache``), or NoCache: under a preview (it
    keeps its own caches in memory), with ``build_cache: false``, or when the file cannot be opened.
    ``keep``: `kb build`'s site folder's (generator/cli/site_folder.py), for pages left as they are."""
    if serving or option is False:
        return NoCache()
    path = Path(option) if isinstance(option, str) else default_path(config.site_dir)
    if isinstance(option, str) and settings.audience != "public":
        # The internal site's own file: a build drops the entries it did not use, so one file shared
        # by the public and the internal build would be emptied by each in turn.
        path = path.with_name(f"{path.stem}-{settings.audience}{path.suffix}")
    material = Path(__import__("material").__file__).parent
    own_dirs = [d for d in config.theme.dirs if not Path(d).resolve().is_relative_to(material)]  # ours, custom_dir
    try:
        cache = BuildCache(path, code_fingerprint(tree_digest(*own_dirs))).open()
    except (OSError, sqlite3.Error) as exc:
        log.warning("build cache %s cannot be used (%s); building without it", path, exc)
        return NoCache()
    return RenderCache(cache, config_fingerprint(config, settings), keep)


def config_fingerprint(config, settings) -> str:
    """The configuration as the templates and the Markdown converter see it (before per-page swaps)."""
    items = {}
    for key, value in config.items():
        if key in ("site_dir", "docs_dir", "config_file_path", "plugins", "theme"):
            continue
        items[key] = _ADDRESS.sub("", repr(value))
    items["plugins"] = {name: _ADDRESS.sub("", repr({k: v for k, v in dict(plugin.config).items() if (name, k) not in _RUN_ONLY}))
                        for name, plugin in config.plugins.items()}
    items["theme"] = (config.theme.name, _ADDRESS.sub("", repr(dict(config.theme))), config.theme.static_templates and sorted(config.theme.static_templates))
    # `today` reaches a page only through its Markdown or its `kb` data, both in the keys: leaving it
    # out keeps a daily CI build from starting cold every day.
    return digest(items, repr(dataclasses.replace(settings, today=None)))


def files_fingerprint(files) -> str:
    """Which files exist and where each is published: what a relative link resolves to."""
    return digest(sorted((f.src_uri, f.url, f.is_documentation_page()) for f in files))


# Options that change how a build runs, not what it writes: a build with `kb build -j 1`, or with its
# cache file somewhere else, reuses what the last one kept.
_RUN_ONLY = {("helpcenter", "render_processes"), ("helpcenter", "build_cache")}


class NoCache:
    """No build cache: every page converts and renders (the plugin's events call it all the same)."""

    cache = None

    def close(self, prune: bool) -> None: ...
    def new_files(self, files, config) -> None: ...
    def conversion(self, page: Page, markdown: str) -> None: ...
    def template(self, context: dict, page: Page) -> None: ...
    def rendered(self, output: str, page: Page) -> None: ...
    def theme_template(self, context: dict, name: str) -> None: ...
    def rendered_template(self, output: str, name: str) -> None: ...
    def written(self, output: str, page: Page) -> None: ...


class _Table:
    """A per-page table kept in one cache entry (a lookup per page cost more than the YAML parse the
    front-matter table saves): what earlier builds noted, and what this one read or noted, which is
    what ``save`` keeps (pages gone are forgotten)."""

    def __init__(self, cache: BuildCache, name: str) -> None:
        self.cache, self.name = cache, name
        self.before: dict[str, Any] | None = None
        self.now: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        if self.before is None:
            found = self.cache.get(self.name)
            self.before = found if isinstance(found, dict) else {}  # none yet, or not as this code writes it
        value = self.before.get(key)
        if value is not None:
            self.now[key] = value
        return value

    def note(self, key: str, value: Any) -> None:
        self.now[key] = value

    def save(self) -> None:
        if self.now and self.before != self.now:
            self.cache.put(self.name, self.now)


class RenderCache:
    def __init__(self, cache: BuildCache, config_fp: str, keep: Callable[[str], None] | None = None) -> None:
        self.cache = cache
        self.config_fp = config_fp
        self.files_fp = ""
        self._nav_fps: dict[int, str] = {}
        self._pending: dict[str, str] = {}  # src_uri -> template key of a page rendered this build
        self._pending_templates: dict[str, str] = {}  # theme template's name -> key, while it renders
        self._keys: dict[str, str] = {}  # src_uri -> template key, for the digest of what MkDocs writes
        self._paths: dict[str, str] = {}  # template key -> the page file it wrote or kept
        self.convert_cached = True
        self.front_matter = _Table(cache, "front matter MkDocs parses as the loader does")
        self.keep = keep
        self._outputs = _Table(cache, "digest of the file each template key wrote")

    def close(self, prune: bool) -> None:
        log.info("build cache: %d of %d lookups reused", self.cache.hits, self.cache.hits + self.cache.misses)
        self.front_matter.save()
        self._note_signatures()
        self._outputs.save()
        self.cache.close(prune=prune)

    def new_files(self, files, config) -> None:
        self.files_fp = files_fingerprint(files)
        self._nav_fps = {}
        # Snippets paste other files into a page: their content is in no key, so convert every time.
        self.convert_cached = "pymdownx.snippets" not in config.markdown_extensions

    # -- converted Markdown -------------------------------------------------------------------------
    def conversion(self, page: Page, markdown: str) -> None:
        """From the last on_page_markdown: restore the converted page, or store it once converted."""
        if not self.convert_cached:
            return
        key = digest("md", self.config_fp, self.files_fp, page.file.src_uri, page.file.url, markdown)
        entry = self.cache.get(key)
        if entry is not None:
            def restore(config, files) -> None:
                _restore(page, files, entry)
                page._kb_converted = (page.content, key)

            page.render = restore
            page._kb_cached = True
            return
        inner = page.render  # Page.render, or a stand-in (the time budget, a helper's result)

        def render_and_store(config, files) -> None:
            records = _Capture.around(lambda: inner(config, files))
            if not any("too-costly" in message for _, _, message in records):  # over the time budget: maybe not next time
                self.cache.put(key, _entry(page, records))
                page._kb_converted = (page.content, key)

        page.render = render_and_store

    # -- rendered templates -------------------------------------------------------------------------
    def template(self, context: dict, page: Page) -> None:
        """From on_page_context: reuse the rendered template when the context is unchanged."""
        try:
            key = digest("page", self.config_fp, self._context_fp(context))
        except Uncacheable as exc:
            log.debug("%s: rendered every build (%s)", page.file.src_uri, exc)
            return
        self._keys[page.file.src_uri] = key
        if self.keep is not None and self._left_as_it_is(key, page.file.abs_dest_path):
            context[CACHED_TEMPLATE_VAR] = Markup(_KEPT)
            # Not read, but still what a build into an empty site folder needs (a CI run that restores
            # only the cache); dropping 5,000 pages' HTML cost the first rebuild after a cold one ~1 s.
            self.cache.keep_text(key)
            return
        html = self.cache.get_text(key)
        if html is not None:
            context[CACHED_TEMPLATE_VAR] = Markup(html)
        else:
            self._pending[page.file.src_uri] = key

    def theme_template(self, context: dict, name: str) -> None:
        """From on_template_context (and for each other language's 404 page): the output of a theme
        template whose context is unchanged, as ``template`` does for a page."""
        if name not in CACHED_THEME_TEMPLATES:
            return
        try:
            key = digest("theme template", name, self.config_fp, self._context_fp(context))
        except Uncacheable as exc:
            log.debug("%s: rendered every build (%s)", name, exc)
            return
        html = self.cache.get_text(key)
        if html is not None:
            context[CACHED_TEMPLATE_VAR] = Markup(html)
        else:
            self._pending_templates[name] = key

    def rendered_template(self, output: str, name: str) -> None:
        """From the first on_post_template: store what a theme template rendered."""
        key = self._pending_templates.pop(name, None)
        if key is not None:
            self.cache.put_text(key, output)

    def _left_as_it_is(self, key: str, path: str) -> bool:
        """The page's file holds what the build that rendered this context wrote: ``keep`` it. A file
        whose inode, size and change time are those noted when the last build ended was not touched
        since (``file_signature``); any other is read and its digest compared."""
        wrote = self._outputs.get(key)
        if not isinstance(wrote, list) or len(wrote) != 2 or self.keep is None:
            return False
        digest_then, noted = wrote
        try:
            same = noted is not None and noted == file_signature(path)
            if not same:
                with open(path, "rb") as fh:
                    same = hashlib.blake2b(fh.read(), digest_size=20).hexdigest() == digest_then
        except OSError:
            return False
        if same:
            self.keep(path)
            self._paths[key] = path
        return same

    def rendered(self, output: str, page: Page) -> None:
        """From the first on_post_page: store what the template rendered."""
        key = self._pending.pop(page.file.src_uri, None)
        if key is not None:
            self.cache.put_text(key, output)

    def written(self, output: str, page: Page) -> None:
        """From our last on_post_page: the digest of what MkDocs writes (encoded as it encodes), for
        the next build. A plugin that changes the page after us costs the next build this shortcut
        and nothing else: the digest never matches the file."""
        key = self._keys.pop(page.file.src_uri, None)
        if key is None or self.keep is None or output == _KEPT:
            return
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        self._outputs.note(key, [hashlib.blake2b(data, digest_size=20).hexdigest(), None])
        self._paths[key] = page.file.abs_dest_path

    def _note_signatures(self) -> None:
        """Once every page is written: each page file's signature, beside the digest of what it holds."""
        for key, path in self._paths.items():
            value = self._outputs.now.get(key)
            if value is not None:
                self._outputs.now[key] = [value[0], file_signature(path)]  # a new list: ``before`` holds the old one

    def _context_fp(self, context: dict) -> str:
        parts = {}
        for name, value in context.items():
            if name in _SKIP_CONTEXT:
                continue
            if name == "config":
                parts[name] = (value.theme.get("language"), repr(value.theme.get("palette")))
            elif name == "nav":
                parts[name] = self._nav_fp(value)
            elif name == "page" and value is not None:  # (None: a theme template's)
                parts[name] = _page_fp(value)
            else:
                parts[name] = _plain(value)
        return digest(parts)

    def _nav_fp(self, nav: Navigation) -> str:
        fp = self._nav_fps.get(id(nav))
        if fp is None:
            fp = self._nav_fps[id(nav)] = digest(_nav_items(nav.items), nav.homepage.url if nav.homepage else None)
        return fp


def _nav_items(items) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append(["section", item.title, _nav_items(item.children)])
        elif isinstance(item, Page):
            out.append(["page", item.title, item.url, item.file.src_uri])
        elif isinstance(item, Link):
            out.append(["link", item.title, item.url])
        else:
            raise Uncacheable(f"navigation item {type(item).__name__}")
    return out


def _page_fp(page: Page) -> list:
    # The HTML as converted is named by its conversion's key (what it is made from) while no plugin
    # has replaced it since: hashing 5,000 pages' HTML again was ~2 % of a one-page rebuild.
    converted = getattr(page, "_kb_converted", None)
    if converted is not None and converted[0] is page.content:
        content = "converted " + converted[1]
    else:
        content = hashlib.blake2b((page.content or "").encode("utf-8"), digest_size=20).hexdigest()
    neighbours = [(p.title, p.url) if p is not None else None for p in (page.previous_page, page.next_page)]
    return [page.file.src_uri, page.url, page.canonical_url, page.edit_url, page.title, page.is_homepage,
            _plain(page.meta), content, _toc(page.toc), neighbours, [a.title for a in page.ancestors]]


# A language's table of UI strings is in every page's context twice (``kb_strings``, ``kb.strings``):
# walking its ~500 entries was most of a cached page's fingerprinting. It is a constant of the
# generator's source, which the file's code fingerprint covers, so its name stands for it.
_STRING_TABLES = {id(table): ["ui strings", lang] for lang, table in STRINGS.items()}


def _plain(value):
    """JSON-able data as itself; anything else cannot be fingerprinted."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        table = _STRING_TABLES.get(id(value))
        if table is not None and value is STRINGS[table[1]]:
            return table
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if type(value).__module__.startswith("mkdocs.config"):  # extra_javascript entries
        return [type(value).__name__, _plain(vars(value))]
    fingerprint = getattr(value, "kb_fingerprint", None)  # our values that render only when printed
    if fingerprint is not None:
        return _plain(fingerprint())
    raise Uncacheable(f"a {type(value).__name__} in the template context")


def _toc(toc) -> list:
    return [[a.title, a.id, a.level, _toc(a.children)] for a in (toc or [])]


def _from_toc(items) -> list:
    out = []
    for title, anchor, level, children in items:
        link = AnchorLink(title, anchor, level)
        link.children = _from_toc(children)
        out.append(link)
    return out


def _entry(page: Page, records: list) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": _toc(page.toc),
        "title": page._title_from_render,
        # an element with an empty id attribute puts None among the anchors (Markdown from others)
        "anchors": sorted(page.present_anchor_ids or (), key=lambda a: (a is None, a or "")),
        "links": None if links is None else {f.src_uri: v for f, v in links.items()},
        "records": records,
    }


def _restore(page: Page, files, entry: dict) -> None:
    page.__dict__.pop("render", None)
    page.content = entry["content"]
    toc = _from_toc(entry["toc"])
    if toc:
        toc[0].active = True  # as mkdocs.structure.toc.get_toc marks it
    page.toc = TableOfContents(toc)
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    links = entry["links"]
    if links is not None:
        # The keys are src_uris as stored: get_file_from_path would parse each into a PurePath again
        by_uri = files.src_uris
        page.links_to_anchors = {by_uri[src]: v for src, v in links.items() if src in by_uri}
    for name, level, message in entry["records"]:  # what converting it logged (--strict counts warnings)
        logging.getLogger(name).log(level, "%s", message)


class _Capture(logging.Handler):
    """The records MkDocs' loggers emit while one page converts."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])

    @classmethod
    def around(cls, fn) -> list:
        capture = cls()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(capture)
        try:
            fn()
        finally:
            logger.removeHandler(capture)
        return capture.records
