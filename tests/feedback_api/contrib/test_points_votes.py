"""Helpful-vote points (own votes earn nothing, daily cap) and the leaderboard windows."""

from __future__ import annotations

import datetime as dt

from contrib_helpers import api_post, article, contributor, decide, ledger_rows, pages, publish, reviewer

from feedback_api.api.votes import visitor_hash
from feedback_api.contrib import ledger, rules
from feedback_api.contrib.models import Submission
from feedback_api.db import Database
from feedback_api.staff.orm import orm
from feedback_api.storage.votes import votes

OWN_TOKEN = "a" * 32
SECRET = "test-secret-key-0123456789abcdef"


def _votes(database_url: str, article_id: str, tokens: list[str], at: dt.datetime) -> None:
    rows = [{"article_id": article_id, "visitor_hash": visitor_hash(SECRET.encode(), t), "helpful": True,
             "created_at": at, "updated_at": at} for t in tokens]
    db = Database(database_url)
    db.write_sync(lambda conn: conn.execute(votes.insert(), rows))
    db.close()


def test_helpful_votes_pay_others_not_self(app, client, other_client, contrib_db):
    token = contributor(client, visitor=OWN_TOKEN)  # signing in from the help center links this browser
    sub = api_post(client, token, "/api/v1/submissions", article()).json()
    assert decide(reviewer(other_client, contrib_db), sub["id"]).status_code == 303
    page = {"id": "kb-newart02", "type": "article", "title": "Share", "url": "articles/account/share/",
            "source": "articles/account/share.md", "lang": "en", "category": "account", "tags": [], "submission": sub["id"]}
    publish(app, pages() + [page], "build-2")
    now = dt.datetime.now(dt.UTC)
    _votes(contrib_db, "kb-newart02", [OWN_TOKEN], now)
    _votes(contrib_db, "kb-newart02", [f"{i:032x}" for i in range(1, 4)], now)
    publish(app, pages() + [page], "build-3")  # a reload sweeps votes in
    vote_rows = [r for r in ledger_rows(contrib_db) if r[2] == "helpful_vote"]
    assert len(vote_rows) == 3  # the contributor's own vote earned nothing
    # Votes from before publication never count; move publication back to test another day.
    db = Database(contrib_db)
    db.write_sync(orm(lambda s: s.query(Submission).update({"published_at": now - dt.timedelta(days=3)})))
    db.close()
    # Over the daily cap on one day: only the cap is paid; sweeping again pays nothing more.
    yesterday = now - dt.timedelta(days=1)
    _votes(contrib_db, "kb-newart02", [f"{i:032x}" for i in range(100, 100 + rules.HELPFUL_VOTE_DAILY_CAP + 5)], yesterday)
    publish(app, pages() + [page], "build-4")
    publish(app, pages() + [page], "build-5")
    vote_rows = [r for r in ledger_rows(contrib_db) if r[2] == "helpful_vote"]
    assert len(vote_rows) == 3 + rules.HELPFUL_VOTE_DAILY_CAP
    me = client.get("/api/v1/contributors/me").json()
    assert me["points"] == 15 + 3 + rules.HELPFUL_VOTE_DAILY_CAP


def test_leaderboard_windows(client, other_client, contrib_db):
    contributor(client, "ada@example.com", "Ada")
    contributor(other_client, "bob@example.com", "Bob")
    db = Database(contrib_db)
    ids = dict(db.read_sync(lambda c: c.exec_driver_sql("SELECT display_name, id FROM accounts").all()))
    now = dt.datetime.now(dt.UTC)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    week_start = (now - dt.timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)

    def award(name, points, at, key):
        db.write_sync(orm(lambda s: ledger.award(s, account_id=ids[name], points=points, rule="manual",
                                                 reason="test", key=key, at=at)))

    award("Ada", 5, now, "a-now")  # this week
    award("Bob", 50, month_start - dt.timedelta(days=40), "b-old")  # only all time
    award("Bob", 3, now, "b-now")
    if week_start > month_start:  # earlier this month but not this week
        award("Ada", 7, week_start - dt.timedelta(hours=1), "a-month")
    db.close()

    def board(window):
        r = client.get(f"/api/v1/leaderboard?window={window}")
        assert r.status_code == 200
        return [(row["name"], row["points"]) for row in r.json()["leaders"]]

    assert board("week") == [("Ada", 5), ("Bob", 3)]
    assert board("all") == [("Bob", 53), ("Ada", 5 + (7 if week_start > month_start else 0))]
    assert board("month")[0][0] == ("Ada" if week_start > month_start else "Ada")
    assert client.get("/api/v1/leaderboard?window=year").status_code == 422
    page = client.get("/contribute/leaderboard?window=all").text
    assert "Bob" in page and "53" in page
