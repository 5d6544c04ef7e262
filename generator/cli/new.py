"""`kb new`: start a page from a template with a fresh id.

Mistakes are refused here, before a file exists: an unknown category or translation target gets a
"did you mean", and an existing file is never overwritten or silently renamed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import click

from ..content.ids import new_id
from ..content.slugs import SLUG_PATTERN, slugify
from ..content.versions import find_version
from ..site.templates import OWNER_PLACEHOLDER, render_template
from .common import UserError, kb_option, resolve_kb


def did_you_mean(value: str, choices, what: str) -> str:
    """"did you mean 'x'?" when one choice is close, else the list of choices (or how to add one)."""
    choices = sorted(choices)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return f"there are no {what}s yet"
    shown = ", ".join(choices[:20]) + (f" and {len(choices) - 20} more" if len(choices) > 20 else "")
    return f"known {what}s: {shown}"


def _check_category(root: Path, category: str | None) -> str:
    from ..content.diagnostics import Diagnostics
    from ..content.taxonomy import CATEGORIES_FILE, load_taxonomy

    known = load_taxonomy(root, Diagnostics()).categories
    if not category:
        raise UserError("articles need --category" + (f" (one of: {', '.join(sorted(known))})" if known else ""))
    if category not in known:
        raise UserError(f"unknown category '{category}' (declare it in {root.as_posix()}/{CATEGORIES_FILE}); "
                        + did_you_mean(category, known, "category"))
    return category


def _translated_page(root: Path, page_id: str, lang: str):
    from ..content import load

    content = load(root)
    page = content.by_id.get(page_id)
    if page is None:
        articles = {p.id: p for p in content.of_type("article")}
        close = difflib.get_close_matches(page_id, list(articles), n=1, cutoff=0.6)
        hint = (f"did you mean '{close[0]}' ({articles[close[0]].src_path}, '{articles[close[0]].title}')?" if close
                else "the id is the 'id:' line of the article you translate")
        raise UserError(f"--translation-of '{page_id}' is not the id of any article; {hint}")
    if page.type != "article":
        raise UserError(f"--translation-of '{page_id}' is a {page.type} ({page.src_path}); only articles are translated")
    if page.lang == lang:
        raise UserError(f"--translation-of '{page_id}' ({page.src_path}) is already in '{lang}'; "
                        "a translation is in the other language (pass --lang)")
    return page


@click.command()
@click.argument("content_type", metavar="TYPE", type=click.Choice(["article", "runbook", "incident", "release"]))
@click.argument("title")
@kb_option
@click.option("--category", help="Category key from categories.yml (articles); a translation defaults to its original's.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--owner", default="", help="Who keeps the page correct.")
@click.option("--service", help="Service name (runbooks).")
@click.option("--alert", help="Alert name (runbooks); defaults to the title.")
@click.option("--version", "version", help="Version (releases); defaults to the version in the title.")
@click.option("--translation-of", help="Id of the article this one translates.")
@click.option("--slug", help="File name without .md (articles, incidents) [default: from the title, in pinyin for "
              "Chinese; a translation takes its original's].")
def new(content_type, title, kb_dir, category, lang, owner, service, alert, version, translation_of, slug) -> None:
    """Write a new TYPE page titled TITLE from a template, with a fresh id.

    \b
    Examples:
      kb new article "Export a Gantt chart to PDF" --category gantt
      kb new article "导出甘特图" --lang zh --translation-of kb-7f3a2c9d
      kb new article "导出甘特图为 PDF" --category gantt --lang zh --slug export-to-pdf
      kb new runbook "Import queue backlog" --service import-worker --alert ImportQueueBacklogHigh
      kb new release "Tasklane 3.3.0"
    """
    root = resolve_kb(kb_dir)
    today = dt.date.today()
    page_id = new_id(content_type)
    if slug is not None and not SLUG_PATTERN.match(slug):
        raise UserError(f"--slug '{slug}' must be lower-case letters, digits and single hyphens, like export-to-pdf")
    original = None
    if translation_of:
        if content_type != "article":
            raise UserError("--translation-of is for articles")
        original = _translated_page(root, translation_of, lang)
        category = category or original.category
    slug = slug or (original.source_stem if original else slugify(title))
    if not slug and content_type in ("article", "incident"):
        raise UserError(f"cannot make a file name from the title '{title}'; pass --slug, e.g. --slug export-to-pdf")
    if content_type == "article":
        category = _check_category(root, category)
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
        hint = "pass --slug with another file name" if content_type in ("article", "incident") else "edit that file instead"
        raise UserError(f"{path.as_posix()} already exists; {hint}")
    text = render_template(
        content_type,
        id=page_id, title=title, lang=lang, category=category, owner=owner or OWNER_PLACEHOLDER, service=service,
        alert=alert, version=version, translation_of=translation_of, today=today.isoformat(),
        now=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:00Z"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # "x": a file created meanwhile is never overwritten
        fh.write(text)
    click.echo(f"created {path.as_posix()} (id {page_id})")
