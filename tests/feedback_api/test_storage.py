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


def test_vote_counts_follow_every_change_to_votes(database_url):
    """Summaries read vote_counts, which triggers keep: the upgrade counts the votes already
    stored, then every insert, change and delete, by any code path, moves them."""
    from feedback_api.storage.votes import record_votes, summary

    upgrade(database_url, "0009_search_learning")
    engine = make_engine(database_url)

    def insert(conn, visitor, article_id, helpful):
        conn.execute(votes.insert().values(article_id=article_id, visitor_hash=visitor, helpful=helpful,
                                           created_at=text("CURRENT_TIMESTAMP"), updated_at=text("CURRENT_TIMESTAMP")))

    def counts() -> dict[str, tuple[int, int]]:
        with engine.connect() as conn:
            truth = {a: (int(h), int(t) - int(h)) for a, h, t in conn.execute(text(
                "SELECT article_id, SUM(CASE WHEN helpful THEN 1 ELSE 0 END), COUNT(*) FROM votes GROUP BY article_id"))}
            read = {a: (s.helpful, s.not_helpful) for a in ("a", "b", "c") for s in [summary(conn, a)]}
        assert read == {a: truth.get(a, (0, 0)) for a in read}
        return read

    try:
        with engine.begin() as conn:
            insert(conn, "v1", "a", True)
            insert(conn, "v2", "a", True)
            insert(conn, "v3", "b", False)
        upgrade(database_url)
        assert counts() == {"a": (2, 0), "b": (0, 1), "c": (0, 0)}
        with engine.begin() as conn:
            conn.execute(votes.update().where(votes.c.visitor_hash == "v1").values(helpful=False))
            conn.execute(votes.update().where(votes.c.visitor_hash == "v2").values(helpful=True))  # no change
            conn.execute(votes.update().where(votes.c.visitor_hash == "v3").values(article_id="c"))
        assert counts() == {"a": (1, 1), "b": (0, 0), "c": (0, 1)}
        with engine.begin() as conn:
            conn.execute(votes.delete().where(votes.c.visitor_hash == "v2"))
            record_votes(conn, [{"article_id": "b", "visitor_hash": "v4", "helpful": True, "reason": None, "comment": None,
                                 "lang": None, "page_url": None}])
        assert counts() == {"a": (0, 1), "b": (1, 0), "c": (0, 1)}
        with engine.begin() as conn:
            try:
                with conn.begin_nested():  # a vote undone with its savepoint takes its count with it
                    insert(conn, "v5", "c", True)
                    raise RuntimeError
            except RuntimeError:
                pass
        assert counts() == {"a": (0, 1), "b": (1, 0), "c": (0, 1)}
        from alembic import command

        from feedback_api.storage.engine import alembic_config

        with engine.begin() as conn:
            command.downgrade(alembic_config(database_url, conn), "0009_search_learning")
            assert "vote_counts" not in inspect(conn).get_table_names()
        upgrade(database_url)  # counts again from the votes
        assert counts() == {"a": (0, 1), "b": (1, 0), "c": (0, 1)}
    finally:
        engine.dispose()
