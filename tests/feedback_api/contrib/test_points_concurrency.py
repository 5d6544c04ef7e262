"""The helpful-vote daily cap holds when two worker processes sweep the same votes at once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
from contrib_helpers import api_post, article, contributor, decide, ledger_rows, pages, publish, reviewer

from feedback_api.api.votes import visitor_hash
from feedback_api.contrib import rules
from feedback_api.db import Database
from feedback_api.storage.votes import votes

SECRET = "test-secret-key-0123456789abcdef"
ROUNDS = 4

# One worker process: its own engine and connections, waits for the start file, then sweeps.
WORKER = """
import os, sys, time
from feedback_api.contrib import helpful
from feedback_api.db import Database
from feedback_api.staff.orm import orm
url, start = sys.argv[1], sys.argv[2]
db = Database(url)
db.read_sync(lambda conn: None)  # connect before the start, so both sweeps begin together
while not os.path.exists(start):
    time.sleep(0.001)
db.write_sync(orm(helpful.sweep))
db.close()
"""


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_sweeping_at_once_pay_at_most_the_daily_cap(app, client, other_client, contrib_db, tmp_path):
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", article()).json()
    assert decide(reviewer(other_client, contrib_db), sub["id"]).status_code == 303
    page = {"id": "kb-race0001", "type": "article", "title": "Race", "url": "articles/account/race/",
            "source": "articles/account/race.md", "lang": "en", "category": "account", "tags": [], "submission": sub["id"]}
    publish(app, pages() + [page], "build-2")
    now = dt.datetime.now(dt.UTC)
    db = Database(contrib_db)
    for round_ in range(ROUNDS):
        # Twice the cap in helpful votes, all on today (after publication); from the second
        # round on, the cap is already reached and nothing more may be paid.
        day = now + dt.timedelta(seconds=round_ + 1)
        rows = [{"article_id": "kb-race0001", "visitor_hash": visitor_hash(SECRET.encode(), f"r{round_}v{i:030d}"),
                 "helpful": True, "created_at": day, "updated_at": day} for i in range(2 * rules.HELPFUL_VOTE_DAILY_CAP)]
        db.write_sync(lambda conn, rows=rows: conn.execute(votes.insert(), rows))
        start = tmp_path / f"start-{round_}"
        workers = [subprocess.Popen([sys.executable, "-c", WORKER, contrib_db, str(start)]) for _ in range(2)]
        time.sleep(1.5)  # both have imported and connected
        start.touch()
        assert [w.wait(timeout=60) for w in workers] == [0, 0]
    db.close()
    paid = [key for _acc, _pts, rule, key in ledger_rows(contrib_db) if rule == "helpful_vote"]
    assert len(paid) == len(set(paid))
    assert len(paid) == rules.HELPFUL_VOTE_DAILY_CAP

