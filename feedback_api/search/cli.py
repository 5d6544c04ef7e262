"""``kb synonyms``: synonym groups staff proposed on the search report, into the content folder."""

from __future__ import annotations

from pathlib import Path

import click

from feedback_api.cli import url_option
from generator.cli.common import kb_option


@click.group("synonyms")
def synonyms() -> None:
    """Search synonyms proposed on the staff search report."""


@synonyms.command("export")
@kb_option
@url_option
def export(kb_dir: Path | None, database_url: str | None) -> None:
    """Append every proposed, not yet exported synonym group to the content folder's synonyms.yml.

    Review the change and commit it like exported submissions; the next `kb build` makes it live.
    """
    from feedback_api.search import proposals
    from feedback_api.staff.cli import _database  # same URL handling and SQLite auto-upgrade as `kb admin`
    from generator.cli.common import resolve_kb

    root = resolve_kb(kb_dir)
    done = _database(database_url).write_sync(lambda conn: proposals.export(conn, root))
    for p in done:
        click.echo(f"{proposals.line(p.words)}  (from '{p.query}', {p.proposed_by or 'staff'})")
    click.echo(f"{len(done)} exported to {(root / 'synonyms.yml').as_posix()}")
