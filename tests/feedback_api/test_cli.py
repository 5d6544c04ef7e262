"""`kb db ...` and `kb serve`'s checks: clean one-line errors, non-zero exit, no traceback."""

from __future__ import annotations

from click.testing import CliRunner

from feedback_api.cli import db, serve


def run(command, args, env=None):
    return CliRunner().invoke(command, args, env=env or {}, catch_exceptions=False)


def test_upgrade_backup_restore(database_url, tmp_path):
    result = run(db, ["upgrade", "--database-url", database_url])
    assert result.exit_code == 0 and "database at revision" in result.output
    path = tmp_path / "b.dump"
    result = run(db, ["backup", str(path)], env={"KB_DATABASE_URL": database_url})
    assert result.exit_code == 0 and path.is_file()
    result = run(db, ["restore", str(path), "--yes", "--database-url", database_url])
    assert result.exit_code == 0 and "restored" in result.output


def test_user_errors_are_one_clean_line(tmp_path):
    result = run(db, ["upgrade", "--database-url", "mysql://x/y"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: KB_DATABASE_URL has value 'mysql://x/y'. Expected e.g. sqlite:///var/kb.sqlite3 or "
        "postgresql+psycopg://user@host/db."
    )
    result = run(db, ["restore", str(tmp_path / "none.dump"), "--yes", "--database-url", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 1 and "No backup file" in result.output and "Traceback" not in result.output
    result = run(db, ["upgrade", "--database-url", "postgresql+psycopg://postgres@127.0.0.1:1/x?connect_timeout=2"])
    assert result.exit_code == 1 and result.output.startswith("Error: Cannot use the database:")


def test_serve_refuses_bad_settings_before_starting(monkeypatch):
    for name in ("KB_ENV", "KB_SERVE_SITE", "KB_SITE_DIR", "KB_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KB_RATE_LIMIT", "lots")
    result = run(serve, ["--port", "0"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: KB_RATE_LIMIT has value 'lots'. Expected e.g. 30/minute."
