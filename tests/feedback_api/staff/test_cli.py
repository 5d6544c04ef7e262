"""`kb admin create-user / set-role / list-users` on both databases."""

from __future__ import annotations

from click.testing import CliRunner
from staff_helpers import PASSWORD, login

from generator.cli import main


def _kb(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_create_user_from_stdin_then_sign_in(staff_db, staff_client):
    result = _kb("admin", "create-user", "Boss@Example.com", "--role", "admin", "--password-stdin",
                 "--database-url", staff_db, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "created admin boss@example.com" in result.output
    assert login(staff_client, "boss@example.com").status_code == 303
    assert staff_client.get("/admin/users").status_code == 200

    again = _kb("admin", "create-user", "boss@example.com", "--password-stdin", "--database-url", staff_db,
                input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already exists" in again.output

    assert _kb("admin", "set-role", "boss@example.com", "viewer", "--database-url", staff_db).exit_code == 1  # last admin
    listing = _kb("admin", "list-users", "--database-url", staff_db)
    assert "boss@example.com" in listing.output and "admin" in listing.output and "active" in listing.output


def test_create_user_prompts_and_rejects_short_passwords(staff_db):
    short = _kb("admin", "create-user", "a@example.com", "--database-url", staff_db, input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    prompted = _kb("admin", "create-user", "a@example.com", "--role", "reviewer", "--database-url", staff_db,
                   input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert _kb("admin", "set-role", "a@example.com", "viewer", "--database-url", staff_db).exit_code == 0
    assert "viewer" in _kb("admin", "list-users", "--database-url", staff_db).output


def test_set_password_signs_the_account_out_everywhere(staff_db, staff_client):
    _kb("admin", "create-user", "ops@example.com", "--role", "admin", "--password-stdin", "--database-url", staff_db,
        input=PASSWORD + "\n")
    assert login(staff_client, "ops@example.com").status_code == 303
    assert staff_client.get("/admin/").status_code == 200

    new = "another-long-password-42"
    changed = _kb("admin", "set-password", "ops@example.com", "--password-stdin", "--database-url", staff_db, input=new + "\n")
    assert changed.exit_code == 0, changed.output
    # the old session is gone: the dashboard sends the browser back to sign in
    assert staff_client.get("/admin/", follow_redirects=False).status_code in (302, 303)
    assert login(staff_client, "ops@example.com").status_code != 303, "the old password no longer works"
    assert login(staff_client, "ops@example.com", new).status_code == 303
    unknown = _kb("admin", "set-password", "nobody@example.com", "--password-stdin", "--database-url", staff_db, input=new + "\n")
    assert unknown.exit_code == 1 and "no account" in unknown.output


def test_audit_log_names_the_actor_given_by_option_or_environment(staff_db, staff_client):
    created = CliRunner().invoke(main, ["admin", "create-user", "boss@example.com", "--role", "admin", "--password-stdin",
                                        "--database-url", staff_db], input=PASSWORD + "\n", env={"KB_ACTOR": "li.wei"})
    assert created.exit_code == 0, created.output
    _kb("admin", "create-user", "rev@example.com", "--password-stdin", "--database-url", staff_db, input=PASSWORD + "\n")
    changed = _kb("admin", "set-role", "rev@example.com", "reviewer", "--actor", "wang.fang", "--database-url", staff_db)
    assert changed.exit_code == 0, changed.output
    login(staff_client, "boss@example.com")
    audit = staff_client.get("/admin/audit").text
    assert "cli:li.wei" in audit and "cli:wang.fang" in audit
    assert "cli:unknown" not in audit
