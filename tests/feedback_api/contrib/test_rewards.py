"""Ledger idempotency and the reward queue: pending until published, granted exactly once."""

from __future__ import annotations

from contrib_helpers import (
    ARTICLE_ID,
    api_post,
    article,
    contributor,
    decide,
    edit,
    ledger_rows,
    pages,
    publish,
    reviewer,
    staff_post,
)

from feedback_api.contrib import ledger
from feedback_api.db import Database
from feedback_api.staff.orm import orm


def test_ledger_key_is_idempotent(client, contrib_db):
    contributor(client)
    db = Database(contrib_db)
    (account_id,) = db.read_sync(lambda c: c.exec_driver_sql("SELECT id FROM accounts").scalars().all())
    award = orm(lambda s: ledger.award(s, account_id=account_id, points=5, rule="manual", reason="r", key="k-1"))
    assert db.write_sync(award) is True
    assert db.write_sync(award) is False  # a retried request
    assert db.read_sync(orm(lambda s: ledger.balance(s, account_id))) == 5
    db.close()


def test_approve_twice_pays_once_and_grant_waits_for_publication(app, client, other_client, contrib_db):
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", edit("Better text.\n")).json()
    staff = reviewer(other_client, contrib_db)
    assert decide(staff, sub["id"]).status_code == 303
    # A second approval (double click, retried form) is refused and queues nothing.
    again = staff_post(staff, f"/admin/review/{sub['id']}/decide", {"decision": "approve"})
    assert again.status_code == 409
    me = client.get("/api/v1/contributors/me").json()
    assert me["points"] == 0 and [r["state"] for r in me["pending_rewards"]] == ["pending"]
    assert ledger_rows(contrib_db) == []

    # A build without the submission: still pending.
    publish(app, pages(), "build-2")
    assert client.get("/api/v1/contributors/me").json()["points"] == 0

    publish(app, pages(**{ARTICLE_ID: {"submission": sub["id"]}}), "build-3")
    me = client.get("/api/v1/contributors/me").json()
    assert me["points"] == 2 and me["pending_rewards"] == [] and len(me["granted_rewards"]) == 1
    rows = ledger_rows(contrib_db)
    assert [(r[1], r[2]) for r in rows] == [(2, "approved_edit")]

    # Reload again, a new build id, a second app on the same database: nothing more.
    publish(app, pages(**{ARTICLE_ID: {"submission": sub["id"]}}), "build-4")
    app.state.manifest.reload()
    assert ledger_rows(contrib_db) == rows
    state = {s["id"]: s["state"] for s in client.get("/api/v1/submissions").json()["submissions"]}
    assert state[sub["id"]] == "published"
    assert "is published" in client.get("/contribute/profile").text


def test_bounty_answer_and_revert(make_app, app, client, other_client, contrib_db):
    staff = reviewer(other_client, contrib_db)
    r = staff_post(staff, "/admin/review/questions", {"title": "How do I share a board with a guest?", "bounty": "40",
                                                      "source": "search:share board guest", "lang": "en"})
    assert r.status_code == 303
    (question,) = client.get("/api/v1/questions").json()["questions"]
    assert question["bounty"] == 40
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", article(question_id=question["id"])).json()
    assert decide(staff, sub["id"]).status_code == 303
    assert client.get("/api/v1/questions").json()["questions"] == []  # answered
    pending = {r["rule"]: r["points"] for r in client.get("/api/v1/contributors/me").json()["pending_rewards"]}
    assert pending == {"approved_answer": 15, "accepted_bounty_answer": 40}

    new_page = {"id": "kb-newart01", "type": "article", "title": "Share", "url": "articles/account/share/",
                "source": "articles/account/share.md", "lang": "en", "category": "account", "tags": [],
                "submission": sub["id"]}
    publish(app, pages() + [new_page], "build-2")
    me = client.get("/api/v1/contributors/me").json()
    assert me["points"] == 55 and {b["key"] for b in me["badges"]} >= {"author", "bounty-hunter"}
    # The file is reverted in git: the page loses its submission key. Both grants are reversed, once.
    publish(app, pages() + [{**new_page, "submission": None}], "build-3")
    publish(app, pages() + [{**new_page, "submission": None}], "build-4")
    assert client.get("/api/v1/contributors/me").json()["points"] == 0
    assert sorted(r[1] for r in ledger_rows(contrib_db)) == [-40, -15, 15, 40]


def test_staff_grant_and_revoke_by_hand_are_audited(client, other_client, contrib_db):
    contributor(client)
    admin = reviewer(other_client, contrib_db, "admin@example.com", "admin")
    page = admin.get("/admin/review/points").text
    import re

    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    form = {"email": "ada@example.com", "points": "7", "reason": "Great help in the forum", "key": key}
    assert staff_post(admin, "/admin/review/points", form).status_code == 303
    assert staff_post(admin, "/admin/review/points", form).status_code == 303  # resubmitted form: same key
    assert staff_post(admin, "/admin/review/points", {**form, "points": "-3", "key": key + "x"}).status_code == 303
    assert client.get("/api/v1/contributors/me").json()["points"] == 4
    audit = admin.get("/admin/audit").text
    assert audit.count("contrib.points") >= 2
    assert staff_post(admin, "/admin/review/points", {**form, "reason": "", "key": "k2"}).status_code == 400
