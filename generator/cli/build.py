"""`kb build` and `kb preview`: the static site through MkDocs and the helpcenter plugin."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path

import click

from ..content.untrusted_text import escape_log_message
from .common import UserError, kb_option, resolve_kb, type_option
from .logfilter import RepeatFilter

PACKAGED_CONFIG = Path(__file__).resolve().parents[1] / "mkdocs_plugin" / "default.yml"


def _config_file(config: Path | None, kb_dir: Path | None, root: Path) -> Path:
    if config:
        if not config.exists():
            raise UserError(f"config file '{config}' does not exist")
        return config
    local = Path("mkdocs.yml")
    if local.exists():
        m = re.search(r"^docs_dir:\s*(\S+)", local.read_text(encoding="utf-8"), re.M)
        docs = Path(m.group(1) if m else "docs")
        if kb_dir is None or docs.resolve() == root.resolve():
            return local
    return PACKAGED_CONFIG


def _overrides(content_type: str | None, collection: str | None, search_index: bool | None, today: str | None,
               static_search: str | None = None, jobs: int | None = None, cache: str | bool | None = None,
               audience: str | None = None) -> None:
    options = {}
    if cache is not None:
        options["build_cache"] = cache
    if audience:
        options["audience"] = audience
    if jobs:
        options["render_processes"] = jobs
    if static_search:
        options["static_search"] = static_search
    if content_type:
        options["content_type"] = content_type
    if collection:
        options["collection"] = collection
    if search_index is not None:
        options["search_index"] = search_index
    if today:
        options["today"] = today
    os.environ["KB_PLUGIN_OPTIONS"] = json.dumps(options)


class _InertFormatter(logging.Formatter):
    """Log lines quote paths, titles and links from content files: print their control characters inertly."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_log_message(record.message)
        return super().formatMessage(record)


def _setup_logging(quiet: bool) -> RepeatFilter:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_InertFormatter("%(levelname)-7s %(message)s"))
    # On the handler, not the logger: MkDocs' --strict counter must still see every warning.
    repeats = RepeatFilter()
    handler.addFilter(repeats)
    for name in ("mkdocs", "generator"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING if quiet else logging.INFO)
        logger.propagate = False
    return repeats


def _site_name(root: Path) -> str:
    return root.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "Help Center"


def load_mkdocs_config(kb_dir, content_type, config, site_dir, strict, collection=None, search_index=None, today=None,
                       static_search=None, jobs=None, cache=None, audience=None):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    root = resolve_kb(kb_dir)
    cfg_file = _config_file(config, kb_dir, root)
    _overrides(content_type, collection, search_index, today, static_search, jobs, cache, audience)
    kwargs = {"docs_dir": str(root.resolve()), "strict": strict}
    if site_dir:
        kwargs["site_dir"] = str(site_dir.resolve())
    if cfg_file == PACKAGED_CONFIG:
        kwargs["site_name"] = _site_name(root)
        kwargs.setdefault("site_dir", str(Path("site").resolve()))
    try:
        return load_config(config_file=str(cfg_file), **kwargs), cfg_file, kwargs
    except ConfigurationError as exc:
        raise UserError(f"{cfg_file}: {exc}") from None


@click.command()
@kb_option
@type_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: site].")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="MkDocs config [default: ./mkdocs.yml, or a built-in one for --kb folders].")
@click.option("--collection", help="Name this content set (shown where several sets mix).")
@click.option("--strict", is_flag=True, help="Fail on any warning.")
@click.option("--no-search-index", is_flag=True, help="Skip the whoosh index (faster; no server search or related articles).")
@click.option("--static-search", type=click.Choice(["index", "material", "none"]),
              help="Search used without the API [default: the config's, index].")
@click.option("--today", help="Build as of this date (YYYY-MM-DD): stale banners, overdue items.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes converting Markdown [default: one per core, at most 4].")
@click.option("--cache-dir", type=click.Path(dir_okay=False, path_type=Path),
              help="Build cache file: per-page work reused by the next build [default: .kb-cache/<site folder>.sqlite beside the site].")
@click.option("--no-cache", is_flag=True, help="Build from scratch, neither reading nor writing the build cache.")
@click.option("--audience", type=click.Choice(["public", "internal"]),
              help="Build only this audience's site into --site-dir [default: the public site, then the internal "
                   "one into SITE_DIR-internal when some pages are internal].")
@click.option("-q", "--quiet", is_flag=True, help="Only print warnings and errors.")
def build(kb_dir, content_type, site_dir, config, collection, strict, no_search_index, static_search, today, jobs, cache_dir,
          no_cache, audience, quiet) -> None:
    """Build the static help center, manifest.json and search index.

    The public site never holds an internal page (runbooks by default). When some pages are
    internal, the full site (internal pages badged) is built beside it, into SITE_DIR-internal,
    for `kb serve` to show signed-in staff.

    \b
    Examples:
      kb build                                  # kb/ -> site/ (+ site-internal/)
      kb build --audience internal --site-dir /srv/staff-help
      kb build --kb ../shared/corpora/runbooks-openshift --type runbook --site-dir /tmp/rb
    """
    repeats = _setup_logging(quiet)
    options = (kb_dir, content_type, config)
    extra = (strict, collection, False if no_search_index else None, today, static_search, jobs)
    cache = False if no_cache else cache_dir.resolve() if cache_dir else None
    try:
        cfg = _build_one(*options, site_dir, *extra, cache=cache, audience=audience)
        made = cfg.plugins["helpcenter"].build if "helpcenter" in cfg.plugins else None
        withheld = made.withheld if made is not None and made.settings.audience == "public" else []
        if audience is None and withheld:
            from ..content.audience import internal_site_dir

            click.echo(f"built {cfg.site_dir} ({len(withheld)} internal page(s) left out)", err=True)
            cfg = _build_one(*options, internal_site_dir(Path(cfg.site_dir)), *extra, cache=cache, audience="internal")
    finally:
        for line in repeats.summary():
            click.echo(f"WARNING {escape_log_message(line)}", err=True)
    click.echo(f"built {cfg.site_dir}", err=True)


def _build_one(kb_dir, content_type, config, site_dir, strict, collection, search_index, today, static_search, jobs, *,
               cache: Path | bool | None, audience: str | None):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    from .site_folder import IN_THE_WAY, written_over

    cfg, _, _ = load_mkdocs_config(kb_dir, content_type, config, site_dir, strict, collection, search_index, today,
                                   static_search, jobs, str(cache) if isinstance(cache, Path) else cache, audience)
    try:
        try:
            with written_over(cfg.site_dir) as folder:
                if "helpcenter" in cfg.plugins:  # pages it knows unchanged it leaves as they are
                    cfg.plugins["helpcenter"].site_folder = folder
                mkdocs_build(cfg)
        except IN_THE_WAY as exc:  # an old file where this build writes a folder, or the reverse
            logging.getLogger("mkdocs").info("%s: building again into an emptied site folder", exc)
            cfg, _, _ = load_mkdocs_config(kb_dir, content_type, config, site_dir, strict, collection, search_index, today,
                                           static_search, jobs, str(cache) if isinstance(cache, Path) else cache, audience)
            mkdocs_build(cfg)
    except Abort as exc:
        raise UserError("build failed; see the errors above" if "BuildError" in str(exc) else str(exc).strip()) from None
    except MkDocsException as exc:
        raise UserError(str(exc)) from None
    return cfg


@click.command()
@kb_option
@type_option
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dev-addr", default="127.0.0.1:8001", show_default=True, help="Address to serve the preview on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
def preview(kb_dir, content_type, config, dev_addr, open_browser) -> None:
    """Serve a live-reloading preview while you write (rebuilds only what changed).

    While the content has errors every page shows them as file:line: message, and reloads by
    itself once a save fixes them.
    """
    from mkdocs.exceptions import Abort, MkDocsException

    from .preview_server import serve_preview

    _setup_logging(False)
    root = resolve_kb(kb_dir)
    cfg_file = _config_file(config, kb_dir, root)
    # The search index is for the service; the preview uses the static search and shared-tag neighbours.
    # A writer previews every page, internal ones (badged) too: the preview runs on their own machine.
    _overrides(content_type, None, False, None, audience="internal")
    kwargs = {"docs_dir": str(root.resolve()), "dev_addr": dev_addr}
    if cfg_file == PACKAGED_CONFIG:
        kwargs["site_name"] = _site_name(root)
    try:
        serve_preview(str(cfg_file), lambda exc: _problems(root, content_type, exc), open_in_browser=open_browser, **kwargs)
    except Abort as exc:
        raise UserError(str(exc).strip() or "preview aborted") from None
    except MkDocsException as exc:
        raise UserError(str(exc)) from None


def _problems(root: Path, content_type: str | None, exc: Exception) -> list[str]:
    """Why a preview build failed, as `kb check` would say it; the exception itself when content is fine."""
    from ..checks import run_checks
    from ..content import load
    from ..settings import Settings

    try:
        diags = run_checks(load(root, content_type=content_type), Settings(content_type=content_type))
        found = [f"{(root / d.path).as_posix()}:{d.line}: {d.message}" for d in diags.sorted() if d.severity == "error"]
    except Exception:  # noqa: BLE001 - the page must show something even if checking fails too
        found = []
    return found or [f"the build failed: {type(exc).__name__}: {exc}"]
