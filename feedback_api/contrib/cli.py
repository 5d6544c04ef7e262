"""``kb submissions``: approved contributions back into the content folder (and so into git)."""

from __future__ import annotations

from pathlib import Path

import click

from feedback_api.cli import url_option
from generator.cli.common import kb_option


@click.group("submissions")
def submissions() -> None:
    """Contributor submissions: export approved ones into the content folder."""


@submissions.command("export")
@kb_option
@url_option
def export(kb_dir: Path | None, database_url: str | None) -> None:
    """Write every approved, not yet exported submission into the content folder.

    Edits overwrite the article at its source path (front matter kept, the contributor credited
    in `contributors`, `submission: <id>` added); new articles get a new file and id. Commit the
    files, run `kb build`: when the service loads that build, the submissions are published and
    their rewards granted.
    """
    import os

    from feedback_api.contrib import export_db
    from feedback_api.contrib.config import ContribSettings
    from feedback_api.settings import SettingsError
    from feedback_api.staff.cli import _database  # same URL handling and SQLite auto-upgrade as `kb admin`
    from feedback_api.staff.orm import orm
    from generator.cli.common import resolve_kb
    from generator.contrib import ExportError, write

    root = resolve_kb(kb_dir)
    try:
        owner = ContribSettings.from_environ(os.environ).owner
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    database = _database(database_url)
    try:
        database.write_sync(orm(lambda db: export_db.assign_paths(db, root)))
        pending = database.read_sync(orm(lambda db: export_db.files(db, owner)))
        failed = 0
        for item in pending:
            try:
                done = write(root, item)
            except ExportError as exc:
                failed += 1
                click.echo(f"skipped {item.submission_id}: {exc}", err=True)
                continue
            database.write_sync(orm(lambda db, item=item, done=done: export_db.mark_exported(db, item.submission_id, done.path, done.article_id)))
            click.echo(f"{item.submission_id} -> {(root / done.path).as_posix()}")
        click.echo(f"{len(pending) - failed} exported, {failed} skipped")
    finally:
        database.close()
    if failed:
        raise SystemExit(1)
