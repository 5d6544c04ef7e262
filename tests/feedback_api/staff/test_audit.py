"""The audit log records staff actions and shows them to admins, escaped."""

from __future__ import annotations

from sqlalchemy import select
from staff_helpers import add_user, add_votes, login, post_form

from feedback_api.db import Database
from feedback_api.staff.models import AuditEntry
from feedback_api.staff.orm import orm


def _entries(url: str) -> list[tuple[str, str, str | None]]:
    db = Database(url)
    try:
        return db.read_sync(orm(lambda s: [(e.actor, e.action, e.target)
                                          for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]))
    finally:
        db.close()


def test_staff_actions_are_logged_and_listed(staff_db, staff_client):
    add_user(staff_db, "admin@example.com", "admin")
    add_votes(staff_db, "reset-password", 0, 1, comment="fix me")
    login(staff_client, "admin@example.com", "wrong password!!")
    login(staff_client, "admin@example.com")
    refused = post_form(staff_client, "/admin/users", {"email": "<b>v</b>@example.com", "role": "viewer",
                                                       "password": "x" * 12}, token_from="/admin/users")
    assert refused.status_code == 400 and "not an e-mail address: &#39;&lt;b&gt;v&lt;/b&gt;@example.com&#39;" in refused.text
    post_form(staff_client, "/admin/users", {"email": "v@example.com", "role": "viewer", "password": "x" * 12},
              token_from="/admin/users")
    staff_client.get("/admin/export.csv?lang=en")
    vote_id = staff_client.get("/admin/").text.split("/admin/comments/")[1].split("/")[0]
    post_form(staff_client, f"/admin/comments/{vote_id}/triage", {"status": "handled"})
    post_form(staff_client, "/admin/logout", {})

    assert _entries(staff_db) == [
        ("cli", "user.create", "admin@example.com"),
        ("(not signed in)", "login.failed", "admin@example.com"),
        ("admin@example.com", "login", None),
        ("admin@example.com", "user.create", "v@example.com"),
        ("admin@example.com", "votes.export", None),
        ("admin@example.com", "comment.handled", f"vote {vote_id}"),
        ("admin@example.com", "logout", None),
    ]
    login(staff_client, "admin@example.com")
    page = staff_client.get("/admin/audit").text
    for action in ("user.create", "login.failed", "votes.export", "comment.handled", "logout"):
        assert f"<code>{action}</code>" in page
    assert "lang=en" in page and "role=viewer" in page
    filtered = staff_client.get("/admin/audit?action=votes.export").text
    assert "<code>votes.export</code>" in filtered and "<code>logout</code>" not in filtered
