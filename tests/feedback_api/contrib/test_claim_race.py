"""Two reviewers claiming the same submission at the same moment: exactly one gets it."""

from __future__ import annotations

import threading

from contrib_helpers import add_staff, api_post, contributor, edit
from sqlalchemy import select

from feedback_api.contrib import review
from feedback_api.contrib.models import Submission
from feedback_api.db import Database
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm

REVIEWERS = 6


def test_concurrent_claims(client, contrib_db):
    token = contributor(client)
    sub_id = api_post(client, token, "/api/v1/submissions", edit()).json()["id"]
    for n in range(REVIEWERS):
        add_staff(contrib_db, f"rev{n}@example.com")
    db = Database(contrib_db)
    ids = db.read_sync(lambda conn: list(conn.execute(select(Account.id).where(Account.role == "reviewer")).scalars()))
    barrier = threading.Barrier(len(ids))
    results: list[bool] = []

    def claim(account_id: int) -> None:
        @orm
        def work(s):
            reviewer = s.get(Account, account_id)
            barrier.wait(timeout=10)  # everyone is inside a transaction before anyone claims
            return review.claim(s, sub_id, reviewer)

        try:
            results.append(db.write_sync(work))
        except threading.BrokenBarrierError:
            results.append(False)

    # On SQLite, BEGIN IMMEDIATE lets one writer in at a time, so the barrier cannot hold
    # everyone inside; it only lines the threads up. On PostgreSQL they really overlap.
    if db.is_sqlite:
        barrier = threading.Barrier(1)
    threads = [threading.Thread(target=claim, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == [False] * (len(ids) - 1) + [True]
    row = db.read_sync(orm(lambda s: s.get(Submission, sub_id)))
    assert row.state == "in_review" and row.claimed_by_id in ids
    # The losers cannot decide it either.
    loser = next(i for i in ids if i != row.claimed_by_id)
    try:
        db.write_sync(orm(lambda s: review.decide(s, sub_id, "approve", s.get(Account, loser), None)))
    except review.ReviewError as exc:
        assert exc.status == 409
    else:
        raise AssertionError("a reviewer without the claim decided")
    db.close()
