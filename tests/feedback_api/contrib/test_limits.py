"""Each abuse limit answers a clear 4xx in the shared error shape, and changes nothing."""

from __future__ import annotations

import datetime as dt

from contrib_helpers import api_post, article, contributor, decide, edit, reviewer

from feedback_api.contrib.models import SubmissionEvent
from feedback_api.db import Database
from feedback_api.staff.orm import orm


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def _mine(client) -> list:
    return client.get("/api/v1/submissions").json()["submissions"]


def test_honeypot(client):
    token = contributor(client)
    _error(api_post(client, token, "/api/v1/submissions", edit(website="http://spam.example")), 400, "honeypot_filled")
    assert _mine(client) == []


def test_body_size(make_app, contrib_db):
    app = make_app(KB_CONTRIB_MAX_BODY="100")
    client = make_app.client(app)
    token = contributor(client)
    err = _error(api_post(client, token, "/api/v1/submissions", edit("x" * 101)), 413, "body_too_large")
    assert err["details"]["max_chars"] == 100
    # Far beyond the character limit the byte cap stops the upload before parsing.
    _error(api_post(client, token, "/api/v1/submissions", edit("x" * 100_000)), 413, "payload_too_large")
    assert api_post(client, token, "/api/v1/submissions", edit("x" * 100)).status_code == 201


def test_daily_limit(make_app, contrib_db):
    client = make_app.client(make_app(KB_CONTRIB_DAILY_LIMIT="2"))
    token = contributor(client)
    for _ in range(2):
        assert api_post(client, token, "/api/v1/submissions", edit()).status_code == 201
    r = api_post(client, token, "/api/v1/submissions", edit())
    err = _error(r, 429, "daily_limit")
    assert int(r.headers["Retry-After"]) > 0 and err["details"]["limit"] == 2
    assert len(_mine(client)) == 2


def test_daily_limit_counts_only_the_last_24_hours(make_app, contrib_db):
    client = make_app.client(make_app(KB_CONTRIB_DAILY_LIMIT="1"))
    token = contributor(client)
    assert api_post(client, token, "/api/v1/submissions", edit()).status_code == 201
    db = Database(contrib_db)
    db.write_sync(orm(lambda s: s.query(SubmissionEvent).update(
        {"created_at": dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)})))
    db.close()
    assert api_post(client, token, "/api/v1/submissions", edit()).status_code == 201


def test_cooldown_after_repeated_rejections(make_app, contrib_db):
    app = make_app(KB_CONTRIB_COOLDOWN_REJECTIONS="2", KB_CONTRIB_COOLDOWN_HOURS="24")
    client, staff = make_app.client(app), reviewer(make_app.client(app), contrib_db)
    token = contributor(client)
    for n in range(2):
        sub = api_post(client, token, "/api/v1/submissions", article(f"Spam number {n}")).json()
        assert decide(staff, sub["id"], "reject", "Not about our product.").status_code == 303
    r = api_post(client, token, "/api/v1/submissions", edit())
    err = _error(r, 429, "cooldown")
    assert err["details"]["rejections"] == 2 and 0 < int(r.headers["Retry-After"]) <= 24 * 3600


def test_session_and_csrf_are_required(client, other_client):
    token = contributor(client)
    _error(other_client.post("/api/v1/submissions", json=edit(), headers={"X-CSRF-Token": "x"}), 403, "csrf_failed")
    _error(client.post("/api/v1/submissions", json=edit()), 403, "csrf_failed")
    _error(other_client.get("/api/v1/submissions"), 401, "not_signed_in")
    _error(api_post(client, token, "/api/v1/submissions", {"kind": "edit"}), 422, "validation_error")
    _error(api_post(client, token, "/api/v1/submissions", edit(article_id="nope")), 404, "article_not_found")
    _error(api_post(client, token, "/api/v1/submissions", article(category="nope")), 422, "validation_error")
    _error(api_post(client, token, "/api/v1/submissions", article(tags=["no-such-tag"])), 422, "validation_error")
