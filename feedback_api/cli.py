"""``kb serve`` and ``kb db ...``: click commands the ``kb`` group loads from its ``kb.commands``
entry points (pyproject.toml).

User errors (bad settings, unreachable database, bad backup file) print one line and exit 1.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from feedback_api.settings import SETTINGS, Settings, SettingsError

_DB_URL = next(s for s in SETTINGS if s.name == "KB_DATABASE_URL")
# Shared by every service command (`kb db`, `kb admin`, `kb submissions`).
url_option = click.option("--database-url", help="[KB_DATABASE_URL, default: sqlite:///var/kb.sqlite3]")


def read_database_url(option: str | None) -> str:
    try:
        return _DB_URL.read({"KB_DATABASE_URL": option} if option else os.environ)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _guard(fn, *args, **kwargs):
    """Turn the failures an operator can fix into clean messages instead of tracebacks."""
    from sqlalchemy.exc import OperationalError

    from feedback_api.storage.backup import BackupError

    try:
        return fn(*args, **kwargs)
    except (SettingsError, BackupError) as exc:
        raise click.ClickException(str(exc)) from None
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise click.ClickException(f"Cannot use the database: {reason}") from None


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes. SQLite gains nothing from more than one.")
@click.option("--site-dir", type=click.Path(file_okay=False), help="The built site [KB_SITE_DIR, default: site]")
@click.option("--database-url", help="[KB_DATABASE_URL, default: sqlite:///var/kb.sqlite3]")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, workers: int, site_dir: str | None, database_url: str | None, log_level: str) -> None:
    """Serve the feedback API (and the built site at /) with uvicorn."""
    from feedback_api import server
    from feedback_api.storage.engine import is_sqlite, upgrade

    # Environment, not arguments: with --workers the app is built again in each worker process.
    os.environ.setdefault("KB_ENV", "development")
    os.environ.setdefault("KB_SERVE_SITE", "1")
    if site_dir:
        os.environ["KB_SITE_DIR"] = site_dir
    if database_url:
        os.environ["KB_DATABASE_URL"] = database_url
    settings = _guard(Settings.from_env)
    if not (Path(settings.site_dir) / "manifest.json").is_file():
        click.echo(f"warning: no {Path(settings.site_dir) / 'manifest.json'}; votes are refused until a build writes it", err=True)
    if is_sqlite(settings.database_url):
        _guard(upgrade, settings.database_url)
    server.run(host, port, workers=workers, log_level=log_level, trusted_proxies=settings.trusted_proxies)


@click.group("db")
def db() -> None:
    """Database schema and backups."""


@db.command("upgrade")
@url_option
def db_upgrade(database_url: str | None) -> None:
    """Apply every migration up to the newest."""
    from feedback_api.storage.engine import head_revision, upgrade

    _guard(upgrade, read_database_url(database_url))
    click.echo(f"database at revision {head_revision()}")


@db.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["sqlite", "json"]),
              help="sqlite (SQLite's own backup, the default there) or json (portable; the default for PostgreSQL)")
@url_option
def db_backup(path: str, fmt: str | None, database_url: str | None) -> None:
    """Write a consistent copy of the database to PATH while the service runs."""
    from feedback_api.storage.backup import backup

    used = _guard(backup, read_database_url(database_url), path, fmt=fmt)
    click.echo(f"backup written to {path} ({used})")


@db.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database's contents.")
@url_option
def db_restore(path: str, yes: bool, database_url: str | None) -> None:
    """Replace the database's contents with the backup at PATH."""
    from feedback_api.storage.backup import restore

    url = read_database_url(database_url)
    if not yes:
        click.confirm("This replaces every row in the database. Continue?", abort=True)
    used = _guard(restore, url, path)
    click.echo(f"restored {path} ({used})")

