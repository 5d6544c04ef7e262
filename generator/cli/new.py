"""`kb new`: start a page from a template with a fresh id."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from ..content.ids import new_id
from ..content.versions import find_version
from ..site.templates import render_template
from .common import UserError, kb_option, resolve_kb


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-")


@click.command()
@click.argument("content_type", metavar="TYPE", type=click.Choice(["article", "runbook", "incident", "release"]))
@click.argument("title")
@kb_option
@click.option("--category", help="Category key from categories.yml (articles).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--owner", default="", help="Who keeps the page correct.")
@click.option("--service", help="Service name (runbooks).")
@click.option("--alert", help="Alert name (runbooks); defaults to the title.")
@click.option("--version", "version", help="Version (releases); defaults to the version in the title.")
@click.option("--translation-of", help="Id of the article this one translates.")
def new(content_type, title, kb_dir, category, lang, owner, service, alert, version, translation_of) -> None:
    """Write a new TYPE page titled TITLE from a template, with a fresh id.

    \b
    Examples:
      kb new article "Export a Gantt chart to PDF" --category gantt
      kb new article "导出甘特图" --category gantt --lang zh --translation-of kb-7f3a2c9d
      kb new runbook "Import queue backlog" --service import-worker --alert ImportQueueBacklogHigh
      kb new release "Tasklane 3.3.0"
    """
    root = resolve_kb(kb_dir)
    today = dt.date.today()
    page_id = new_id(content_type)
    slug = _slug(title) or page_id
    if content_type == "article":
        if not category:
            from ..content.taxonomy import load_taxonomy
            from ..content.diagnostics import Diagnostics

            cats = sorted(load_taxonomy(root, Diagnostics()).categories)
            raise UserError("articles need --category" + (f" (one of: {', '.join(cats)})" if cats else ""))
        rel = Path("articles", category, *(["zh"] if lang == "zh" else []), f"{slug}.md")
    elif content_type == "runbook":
        if not service:
            raise UserError("runbooks need --service (the service the alert fires for)")
        alert = alert or re.sub(r"[^A-Za-z0-9]", "", title.title())
        rel = Path("runbooks", service, f"{alert}.md")
    elif content_type == "incident":
        rel = Path("incidents", f"{today.isoformat()}-{slug}.md")
    else:
        found = version or (str(find_version(title)) if find_version(title) else None)
        if not found:
            raise UserError("releases need a version: put it in the title or pass --version 3.3.0")
        version = found
        rel = Path("releases", f"{version}.md")
    path = root / rel
    if path.exists():
        raise UserError(f"{path} already exists; choose another title")
    text = render_template(
        content_type,
        id=page_id, title=title, lang=lang, category=category, owner=owner or "TODO", service=service,
        alert=alert, version=version, translation_of=translation_of, today=today.isoformat(),
        now=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:00Z"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"created {path.as_posix()} (id {page_id})")
