"""The rate limit is counted in the database, so it holds across worker processes."""

from __future__ import annotations

from api_helpers import vote


def test_over_the_limit_is_429_with_retry_after(make_client):
    client = make_client(KB_RATE_LIMIT="3/minute")
    for i in range(3):
        assert client.post("/api/v1/votes", json=vote(visitor=f"visitor-token-{i:04d}")).status_code == 201
    r = client.post("/api/v1/votes", json=vote(visitor="visitor-token-0004"))
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["error"]["details"]["limit"] == "3/minute"
    # The refused vote was not stored, and reads are not limited.
    assert client.get("/api/v1/articles/getting-started/summary").json()["total"] == 3


def test_two_app_instances_share_one_counter(make_client):
    # Two apps on one database stand in for two worker processes: nothing is kept in memory.
    first = make_client(KB_RATE_LIMIT="4/hour")
    second = make_client(KB_RATE_LIMIT="4/hour")
    codes = [c.post("/api/v1/votes", json=vote(visitor=f"visitor-token-{i:04d}")).status_code
             for i, c in enumerate([first, second] * 3)]
    assert codes == [201, 201, 201, 201, 429, 429]


def test_counter_table_holds_no_address(make_client):
    from sqlalchemy import select

    from feedback_api.storage.rate_limits import counters

    client = make_client()
    client.post("/api/v1/votes", json=vote())
    with client.app.state.engine.connect() as conn:
        rows = conn.execute(select(counters)).all()
    assert len(rows) == 1 and rows[0].count == 1
    assert "testclient" not in rows[0].client_key and len(rows[0].client_key) == 64
