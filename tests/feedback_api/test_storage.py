"""Migrations, SQLite tuning, and backup/restore on both engines."""

from __future__ import annotations

import pytest
from api_helpers import vote
from sqlalchemy import inspect, select, text

from feedback_api.storage.backup import BackupError, backup, restore
from feedback_api.storage.engine import head_revision, make_engine, upgrade
from feedback_api.storage.votes import votes


def test_sqlite_is_tuned_for_a_service(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def test_upgrade_is_idempotent(database_url):
    upgrade(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert {"votes", "rate_limit_counters"} <= set(inspect(conn).get_table_names())
    engine.dispose()


def _stored(url) -> list[tuple]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(votes.c.id, votes.c.article_id, votes.c.helpful, votes.c.reason,
                                   votes.c.created_at).order_by(votes.c.id)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("fmt", [None, "json"])
def test_backup_then_restore_round_trips(make_client, database_url, tmp_path, fmt):
    client = make_client()
    client.post("/api/v1/votes", json=vote(visitor="visitor-token-0001"))
    client.post("/api/v1/votes", json=vote(visitor="visitor-token-0002", helpful=False, reason="outdated",
                                           comment="评论 with unicode"))
    before = _stored(database_url)
    path = tmp_path / "backup.dump"
    used = backup(database_url, path, fmt=fmt)
    assert used == (fmt or ("sqlite" if database_url.startswith("sqlite") else "json"))

    client.post("/api/v1/votes", json=vote(visitor="visitor-token-0003"))  # made after the backup
    assert restore(database_url, path) == used
    assert _stored(database_url) == before
    # Ids continue after the restored rows (PostgreSQL sequences are reset).
    r = client.post("/api/v1/votes", json=vote(visitor="visitor-token-0004"))
    assert r.status_code == 201 and r.json()["total"] == 3


def test_json_dump_moves_sqlite_to_postgresql(sqlite_url, postgres_url, site_dir, tmp_path):
    from api_helpers import settings_for
    from starlette.testclient import TestClient

    from feedback_api.app import create_app

    upgrade(sqlite_url)
    with TestClient(create_app(settings_for(sqlite_url, site_dir))) as client:
        for i in range(5):
            client.post("/api/v1/votes", json=vote(visitor=f"visitor-token-{i:04d}", helpful=i % 2 == 0))
    backup(sqlite_url, tmp_path / "move.jsonl", fmt="json")
    restore(postgres_url, tmp_path / "move.jsonl")  # an empty database: brought to the dump's revision
    assert [r[:4] for r in _stored(postgres_url)] == [r[:4] for r in _stored(sqlite_url)]


def test_restore_refuses_bad_files(sqlite_url, tmp_path):
    upgrade(sqlite_url)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"hello")
    with pytest.raises(BackupError, match="neither a SQLite backup nor a kb JSON dump"):
        restore(sqlite_url, junk)
    with pytest.raises(BackupError, match="No backup file"):
        restore(sqlite_url, tmp_path / "missing.dump")
    cut = tmp_path / "cut.jsonl"
    backup(sqlite_url, cut, fmt="json")
    cut.write_text(cut.read_text() + '{"table": "votes", "columns": ["id"]}\n[1, "trunc')
    with pytest.raises(BackupError, match="damaged or cut short"):
        restore(sqlite_url, cut)
