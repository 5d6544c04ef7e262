"""`kb check`: validate content before merge, printing problems like a compiler."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..checks import run_checks
from ..content import load
from ..settings import Settings
from .common import configured_audiences, configured_default_lang, kb_option, resolve_kb, type_option
from .diagnostic_output import as_github, as_json, as_text


@click.command()
@kb_option
@type_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="json: a list of problems; github: GitHub Actions annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Judge staleness as of this date.")
def check(kb_dir: Path | None, content_type: str | None, fmt: str, strict: bool, today) -> None:
    """Validate front matter, categories, tags, ids, sections, links, anchors and staleness.

    Exits non-zero when there are errors (or, with --strict, warnings).
    """
    root = resolve_kb(kb_dir)
    settings = Settings(content_type=content_type, today=today.date() if today else dt.date.today(),
                        audiences=configured_audiences(root), default_lang=configured_default_lang(root))
    content = load(root, content_type=content_type, default_lang=settings.default_lang, audiences=settings.audiences)
    diags = run_checks(content, settings)
    items = diags.sorted()

    def where(path: str) -> str:
        return (root / path).as_posix()

    if fmt == "json":
        click.echo(as_json(items, where))
    else:
        for line in as_github(items, where, strict) if fmt == "github" else as_text(items, where):
            click.echo(line)
    n_err, n_warn = len(diags.errors), len(diags.warnings)
    pages = len(content.pages)
    click.echo(f"checked {pages} page{'s' * (pages != 1)}: {n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}", err=True)
    if n_err or (strict and n_warn):
        raise SystemExit(1)
