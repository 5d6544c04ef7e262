"""``kb admin``: staff accounts from the command line (the first admin has to come from here)."""

from __future__ import annotations

import getpass
import sys

import click

from feedback_api.cli import read_database_url, url_option


def _database(option: str | None):
    from sqlalchemy import inspect

    from feedback_api.db import Database
    from feedback_api.storage.engine import is_sqlite, upgrade

    url = read_database_url(option)
    if is_sqlite(url):
        upgrade(url)  # as `kb serve` does: a local SQLite file is brought up to date silently
    database = Database(url)
    if not inspect(database.engine).has_table("accounts"):
        database.close()
        raise click.ClickException("the database has no accounts table yet; run `kb db upgrade` first")
    return database


def _run(database, fn):
    from sqlalchemy.exc import OperationalError

    from feedback_api.staff.accounts import AccountError
    from feedback_api.staff.orm import orm

    try:
        return database.write_sync(orm(fn))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    except OperationalError as exc:
        raise click.ClickException(f"Cannot use the database: {str(exc.orig or exc).strip().splitlines()[0]}") from None
    finally:
        database.close()


def _actor(given: str | None) -> str:
    """Who the audit log names for a change made here: --actor, else KB_ACTOR, else the OS user.

    Shared service accounts and containers often have no login name (or only 'root'), which made
    every change read 'cli:unknown'; naming the person is then the operator's job.
    """
    name = (given or "").strip()
    if not name:
        try:
            name = getpass.getuser()  # LOGNAME, USER, ... then the password database
        except (OSError, KeyError):
            raise click.ClickException(
                "cannot tell who is making this change for the audit log: pass --actor NAME or set KB_ACTOR=NAME"
            ) from None
        click.echo(f"audit log: recorded as cli:{name} (name yourself with --actor NAME or KB_ACTOR=NAME)", err=True)
    return f"cli:{name}"


_actor_option = click.option(
    "--actor", envvar="KB_ACTOR", metavar="NAME",
    help="Who the audit log names for this change [KB_ACTOR, default: the operating-system user].",
)


@click.group("admin")
def admin() -> None:
    """Staff accounts for the /admin dashboard."""


@admin.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["viewer", "reviewer", "admin"]), default="viewer", show_default=True,
              help="viewer: read the dashboard; reviewer: also export CSV and triage comments; admin: everything.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--name", "display_name", help="A display name shown in the dashboard.")
@url_option
@_actor_option
def create_user(email: str, role: str, password_stdin: bool, display_name: str | None, database_url: str | None,
                actor: str | None) -> None:
    """Create a staff account for EMAIL (prompts for the password unless --password-stdin)."""
    from feedback_api.staff import accounts

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    actor_name = _actor(actor)
    database = _database(database_url)

    def create(db):
        return accounts.create_staff(db, email, password, role, actor_name=actor_name, display_name=display_name).email

    created = _run(database, create)
    click.echo(f"created {role} {created}")


@admin.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["viewer", "reviewer", "admin"]))
@url_option
@_actor_option
def set_role(email: str, role: str, database_url: str | None, actor: str | None) -> None:
    """Change the role of EMAIL's account."""
    from feedback_api.staff import accounts

    actor_name = _actor(actor)
    database = _database(database_url)

    def change(db):
        account = accounts.find(db, email)
        if account is None:
            raise accounts.AccountError(f"no account for {email.strip().lower()}")
        accounts.set_role(db, account, role, actor=None, actor_name=actor_name)

    _run(database, change)
    click.echo(f"{email.strip().lower()} is now {role}")


@admin.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@url_option
@_actor_option
def set_password(email: str, password_stdin: bool, database_url: str | None, actor: str | None) -> None:
    """Give EMAIL's account a new password and sign it out everywhere."""
    from feedback_api.staff import accounts

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    actor_name = _actor(actor)
    database = _database(database_url)

    def change(db):
        account = accounts.find(db, email)
        if account is None:
            raise accounts.AccountError(f"no account for {email.strip().lower()}")
        accounts.set_password(db, account, password, actor_name=actor_name)

    _run(database, change)
    click.echo(f"new password set for {email.strip().lower()}; its sessions have ended")


@admin.command("list-users")
@url_option
def list_users(database_url: str | None) -> None:
    """List every account with its role and state."""
    from feedback_api.staff import accounts

    database = _database(database_url)
    rows = _run(database, lambda db: [
        (a.email, a.role, "active" if a.is_active else "deactivated",
         a.last_login_at.strftime("%Y-%m-%d %H:%M") if a.last_login_at else "never")
        for a in accounts.list_accounts(db)
    ])
    if not rows:
        click.echo("no accounts yet; create one with `kb admin create-user EMAIL --role admin`")
        return
    width = max(len(r[0]) for r in rows)
    click.echo(f"{'EMAIL':<{width}}  {'ROLE':<11}  {'STATE':<11}  LAST SIGN-IN")
    for email, role, state, last in rows:
        click.echo(f"{email:<{width}}  {role:<11}  {state:<11}  {last}")
