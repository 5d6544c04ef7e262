"""Votes and summaries through the real app, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from feedback_api.storage.votes import votes, wilson_lower_bound
from api_helpers import SECRET, vote


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
