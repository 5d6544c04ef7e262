"""Votes and summaries through the real app, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from api_helpers import SECRET, vote
from sqlalchemy import select

from feedback_api.storage.votes import votes, wilson_lower_bound


def test_first_vote_is_201_then_changing_it_is_200(client):
    r = client.post("/api/v1/votes", json=vote(helpful=False, reason="unclear", comment="Step 3 is missing"))
    assert r.status_code == 201
    assert r.json() == {"article_id": "getting-started", "helpful": 0, "not_helpful": 1, "total": 1, "score": 0.0}

    r = client.post("/api/v1/votes", json=vote(helpful=True))
    assert r.status_code == 200
    assert r.json()["helpful"] == 1 and r.json()["not_helpful"] == 0 and r.json()["total"] == 1

    r = client.post("/api/v1/votes", json=vote(helpful=True))  # the same vote again never double counts
    assert r.status_code == 200 and r.json()["total"] == 1


def test_summary_counts_visitors_and_scores_with_wilson(client):
    for i in range(9):
        client.post("/api/v1/votes", json=vote(visitor=f"visitor-token-{i:04d}"))
    client.post("/api/v1/votes", json=vote(helpful=False, visitor="visitor-token-9999", reason="outdated"))
    r = client.get("/api/v1/articles/getting-started/summary")
    assert r.status_code == 200
    body = r.json()
    assert (body["helpful"], body["not_helpful"], body["total"]) == (9, 1, 10)
    assert body["score"] == pytest.approx(0.5958, abs=1e-4)
    assert client.get("/api/v1/articles/billing/refunds/summary").json()["total"] == 0


def test_wilson_lower_bound():
    assert wilson_lower_bound(0, 0) == 0.0
    assert wilson_lower_bound(1, 1) == pytest.approx(0.2065, abs=1e-4)
    assert wilson_lower_bound(9, 10) > wilson_lower_bound(1, 1)
    assert wilson_lower_bound(100, 100) == pytest.approx(0.9630, abs=1e-4)


def test_only_a_keyed_hash_of_the_visitor_is_stored(client):
    token = "a-very-secret-browser-token"
    client.post("/api/v1/votes", json=vote(visitor=token, lang="en", page_url="https://help.example.com/x/"))
    with client.app.state.engine.connect() as conn:
        row = conn.execute(select(votes)).one()._mapping
    assert token not in str(dict(row))
    assert len(row["visitor_hash"]) == 64
    assert row["lang"] == "en" and row["page_url"] == "https://help.example.com/x/"
    # A different secret key gives a different hash: the table alone does not link visitors across sites.
    from feedback_api.api.votes import visitor_hash

    assert row["visitor_hash"] == visitor_hash(SECRET.encode(), token)
    assert visitor_hash(b"another-secret-key-0000", token) != row["visitor_hash"]


def test_unknown_article_is_404_and_stores_nothing(client):
    r = client.post("/api/v1/votes", json=vote(article_id="no-such-page"))
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "article_not_found"
    assert r.json()["error"]["details"] == {"article_id": "no-such-page"}
    assert client.get("/api/v1/articles/no-such-page/summary").status_code == 404
    with client.app.state.engine.connect() as conn:
        assert conn.execute(select(votes)).all() == []


def test_concurrent_votes_of_one_visitor_make_one_row(client):
    statuses = []

    def cast(i):
        r = client.post("/api/v1/votes", json=vote(helpful=bool(i % 2), visitor="same-visitor-token-1"))
        statuses.append(r.status_code)

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses).count(201) == 1 and statuses.count(200) == 15
    assert client.get("/api/v1/articles/getting-started/summary").json()["total"] == 1


def test_reason_and_comment_are_cleared_when_the_vote_turns_helpful(client):
    client.post("/api/v1/votes", json=vote(helpful=False, reason="incomplete", comment="no screenshots"))
    client.post("/api/v1/votes", json=vote(helpful=True))
    with client.app.state.engine.connect() as conn:
        row = conn.execute(select(votes.c.helpful, votes.c.reason, votes.c.comment)).one()
    assert tuple(row) == (True, None, None)


def test_votes_follow_a_new_manifest(client, site_dir):
    from api_helpers import PAGES, write_manifest

    seen = []
    client.app.state.manifest.on_reload.append(lambda m: seen.append(m.build_id))
    assert client.post("/api/v1/votes", json=vote(article_id="new-page")).status_code == 404
    write_manifest(site_dir, PAGES + [{"id": "new-page"}], build_id="build-2")
    client.app.state.manifest.reload()
    assert seen == ["build-2"]
    assert client.post("/api/v1/votes", json=vote(article_id="new-page")).status_code == 201


# -- group commit (feedback_api/db.py): the same on both engines ---------------------------------


def _run_writes(database_url, *batches):
    """Each batch's writes are queued in one event-loop iteration (so they share a transaction) on
    its own Database, as if each were a worker process; returns each write's result or exception."""
    import asyncio

    from feedback_api.db import Database
    from feedback_api.storage.engine import upgrade

    upgrade(database_url)
    dbs = [Database(database_url) for _ in batches]

    async def main():
        return await asyncio.gather(*(asyncio.gather(*(db.write(fn, *args) for fn, *args in batch),
                                                     return_exceptions=True)
                                      for db, batch in zip(dbs, batches)))

    try:
        return asyncio.run(main())
    finally:
        for db in dbs:
            db.close()


def _insert_vote(conn, visitor: str, article_id: str | None = "getting-started"):
    from feedback_api.storage import votes as store

    # article_id is NOT NULL: None makes the database itself refuse the row.
    return store.record_vote(conn, {"article_id": article_id, "visitor_hash": visitor, "helpful": True, "reason": None,
                                    "comment": None, "lang": None, "page_url": None})[1].total


def _stored_visitors(database_url) -> list[str]:
    from feedback_api.storage.engine import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(select(votes.c.visitor_hash)).scalars())
    finally:
        engine.dispose()


def test_a_failing_write_in_a_batch_fails_alone(database_url):
    from feedback_api.errors import ApiError

    def refused(conn):
        _insert_vote(conn, "v-refused")  # written, then undone with the refusal
        raise ApiError(429, "rate_limited", "no")

    def wrote_twice(conn):
        _insert_vote(conn, "v-partial")
        return _insert_vote(conn, "v-broken", article_id=None)  # the database refuses this row

    def refused_early(conn):
        raise ApiError(429, "rate_limited", "no")  # before any statement

    def orm_write(conn):
        from feedback_api.staff.orm import orm

        return orm(lambda session: _insert_vote(session.connection(), "v-orm"))(conn)

    (results,) = _run_writes(database_url, [(refused_early,), (_insert_vote, "v-1"), (refused,), (_insert_vote, "v-2"),
                                            (wrote_twice,), (refused_early,), (orm_write,), (_insert_vote, "v-3")])
    assert results[1] == 1 and results[3] == 2 and results[6] == 3 and results[7] == 4  # each saw the ones before
    assert isinstance(results[0], ApiError) and isinstance(results[5], ApiError)
    assert isinstance(results[2], ApiError) and results[2].status == 429
    assert "null" in str(results[4]).lower()  # the driver's own not-null error, as a lone write gets it
    assert _stored_visitors(database_url) == ["v-1", "v-2", "v-3", "v-orm"]


def test_concurrent_writes_share_one_commit_on_postgresql(postgres_url):
    # Group commit: the writes queued together run in one transaction (one WAL flush), not one each.
    def txid(conn):
        return conn.exec_driver_sql("SELECT txid_current()").scalar_one()

    (ids,) = _run_writes(postgres_url, [(txid,)] * 8)
    assert len(set(ids)) == 1


def test_two_workers_batches_never_deadlock_on_postgresql(postgres_url):
    """Two workers' batches count two clients in opposite orders. Were the batches to run at once,
    each would hold the counter row the other needs until its commit: PostgreSQL would abort one
    of them as a deadlock and that client would get an error."""
    import time

    from feedback_api.storage import rate_limits

    def hit(conn, client: str, pause: float = 0.0):
        count = rate_limits.count(conn, 1, {client: 1})[client]
        time.sleep(pause)  # the other worker's batch starts meanwhile
        return count

    first, second = _run_writes(postgres_url, [(hit, "client-a", 0.5), (hit, "client-b")],
                                [(hit, "client-b", 0.5), (hit, "client-a")])
    assert [r for r in first + second if isinstance(r, Exception)] == []
    assert sorted(first + second) == [1, 1, 2, 2]


def _vote_row(visitor: str, article_id: str | None = "getting-started", helpful: bool = True) -> dict:
    return {"article_id": article_id, "visitor_hash": visitor, "helpful": helpful, "reason": None, "comment": None,
            "lang": None, "page_url": None}


def _record_votes_together(database_url, votes, limit: int = 3):
    """``votes`` ((client, row) pairs) queued in one event-loop iteration, as concurrent requests'
    votes are: one batch, recorded by one RecordVotes call. Returns each vote's result or exception
    and the stored rate-limit counts."""
    import asyncio

    from feedback_api.api.votes import RecordVotes
    from feedback_api.db import Database
    from feedback_api.rate_limit import RateLimiter
    from feedback_api.settings import RateLimit
    from feedback_api.storage.engine import upgrade
    from feedback_api.storage.rate_limits import counters

    upgrade(database_url)
    db = Database(database_url)
    record = RecordVotes(RateLimiter(RateLimit(limit, 3600), b"k" * 16))

    async def main():
        return await asyncio.gather(*(db.write_together(record, vote) for vote in votes), return_exceptions=True)

    try:
        results = asyncio.run(main())
        with db.engine.connect() as conn:
            counts = dict(conn.execute(select(counters.c.client_key, counters.c.count)).all())
        assert db.engine.pool.checkedout() == 0  # the committer gave its connection back
    finally:
        db.close()
    return results, counts


def test_a_batch_of_votes_keeps_each_vote_s_answer_and_the_rate_limit(database_url):
    from feedback_api.errors import ApiError

    votes = [("client-a", _vote_row("v-1")), ("client-b", _vote_row("v-2")), ("client-a", _vote_row("v-3")),
             ("client-a", _vote_row("v-1", helpful=False)),  # v-1 again in the same batch: changed, not new
             ("client-a", _vote_row("v-4")), ("client-b", _vote_row("v-5", article_id="billing/refunds")),
             ("client-a", _vote_row("v-6"))]
    results, counts = _record_votes_together(database_url, votes, limit=3)
    assert [r.status if isinstance(r, ApiError) else r[0] for r in results] == [True, True, True, False, 429, True, 429]
    # Every recorded vote's summary counts the batch's votes on its article: v-1 (now not helpful), v-2, v-3.
    assert {(r[1].article_id, r[1].helpful, r[1].not_helpful) for r in results if not isinstance(r, ApiError)} == {
        ("getting-started", 2, 1), ("billing/refunds", 1, 0)}
    assert sorted(counts.values()) == [2, 3]  # the two refused votes of client-a were not counted
    assert _stored_visitors(database_url) == ["v-1", "v-2", "v-3", "v-5"]


def test_a_failing_vote_in_a_batch_fails_alone(database_url):
    # article_id is NOT NULL: the database refuses that row, and with it the batch's one statement;
    # each vote then runs alone, so only that one fails, and its count is undone with it.
    results, counts = _record_votes_together(
        database_url, [("client-a", _vote_row("v-1")), ("client-a", _vote_row("v-broken", article_id=None)),
                       ("client-a", _vote_row("v-2"))], limit=10)
    assert [r[0] for r in (results[0], results[2])] == [True, True] and results[2][1].total == 2
    assert "null" in str(results[1]).lower()
    assert list(counts.values()) == [2]
    assert _stored_visitors(database_url) == ["v-1", "v-2"]
