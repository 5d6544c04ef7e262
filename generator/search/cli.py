"""``kb search QUERY --site-dir DIR``: the same search the API runs, from the command line."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import click

from .searcher import NoIndexError, Searcher

_MARK = re.compile(r"</?mark>")


@click.command("search")
@click.argument("query")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="The built site (holds .search/).")
@click.option("--lang", help="Only pages in this language (en, zh).")
@click.option("--type", "type_", help="Only this content type (article, runbook, incident, release).")
@click.option("--category", help="Only this category key.")
@click.option("--tag", help="Only pages with this tag key.")
@click.option("--version", help="Only pages that apply to this product version.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 1000))
@click.option("--per-page", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON instead of a list.")
def search(query: str, site_dir: Path, lang: str | None, type_: str | None, category: str | None, tag: str | None,
           version: str | None, page: int, per_page: int, as_json: bool) -> None:
    """Search the built site's index."""
    try:
        result = Searcher(site_dir).search(query, lang=lang, type=type_, category=category, tag=tag, version=version, page=page, per_page=per_page)
    except NoIndexError:
        raise click.ClickException(f"{site_dir} has no search index yet: run 'kb build' first") from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if result["suggestion"]:
        click.echo(f"Did you mean: {result['suggestion']}")
    click.echo(f"{result['total']} result(s) for {result['query']!r}")
    start = (result["page"] - 1) * result["per_page"]
    for n, r in enumerate(result["results"], start=start + 1):
        anchor = f"#{r['section']['anchor']}" if r["section"] else ""
        click.echo(f"{n:>3}. {r['title']}  [{r['lang']}, {r['type']}]  {r['url']}{anchor}")
        click.echo(f"     {html.unescape(_MARK.sub('**', r['snippet']))[:200]}")
