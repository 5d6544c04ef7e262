"""What each role may do (the table in docs/staff-dashboard.md), checked through the app."""

from __future__ import annotations

from staff_helpers import add_user, add_votes, login, post_form

from feedback_api.staff.roles import Permission, Role, can

PAGES = {"/admin/": 200, "/admin/health": 200, "/admin/export.csv": 403, "/admin/audit": 403, "/admin/users": 403}
EXPECTED = {
    "viewer": PAGES,
    "reviewer": {**PAGES, "/admin/export.csv": 200},
    "admin": {path: 200 for path in PAGES},
}


def test_pages_each_role_may_open(staff_db, make_staff_client):
    for role, expected in EXPECTED.items():
        add_user(staff_db, f"{role}@example.com", role)
        client = make_staff_client()
        login(client, f"{role}@example.com")
        got = {path: client.get(path, follow_redirects=False).status_code for path in PAGES}
        assert got == expected, role


def test_viewer_cannot_do_admin_or_reviewer_things(staff_db, staff_client):
    add_user(staff_db, "viewer@example.com", "viewer")
    add_votes(staff_db, "reset-password", 0, 1, comment="please fix")
    login(staff_client, "viewer@example.com")
    page = staff_client.get("/admin/").text
    assert "Mark handled" not in page and "Download CSV" not in page and "/admin/users" not in page
    created = post_form(staff_client, "/admin/users", {"email": "me2@example.com", "role": "admin", "password": "x" * 12})
    assert created.status_code == 403
    assert post_form(staff_client, "/admin/comments/1/triage", {"status": "handled"}).status_code == 403


def test_reviewer_triages_comments_but_cannot_manage_accounts(staff_db, staff_client):
    add_user(staff_db, "rev@example.com", "reviewer")
    add_votes(staff_db, "reset-password", 0, 1, comment="please fix")
    login(staff_client, "rev@example.com")
    vote_id = int(staff_client.get("/admin/").text.split("/admin/comments/")[1].split("/")[0])
    assert post_form(staff_client, f"/admin/comments/{vote_id}/triage", {"status": "handled"}).status_code == 303
    assert "Reopen" in staff_client.get("/admin/").text
    assert post_form(staff_client, "/admin/comments/99999/triage", {"status": "handled"}).status_code == 404
    assert post_form(staff_client, "/admin/users/1", {"role": "admin"}).status_code == 403


def test_admin_manages_accounts_and_deactivation_ends_sessions(staff_db, staff_client, make_staff_client):
    add_user(staff_db, "admin@example.com", "admin")
    login(staff_client, "admin@example.com")
    created = post_form(staff_client, "/admin/users", {"email": "new@example.com", "role": "viewer",
                                                      "password": "a fine long password"}, token_from="/admin/users")
    assert created.status_code == 303
    other = make_staff_client()
    assert login(other, "new@example.com", "a fine long password").status_code == 303
    page = staff_client.get("/admin/users").text
    new_id = [i for i in _ids(page) if i != _ids(page)[0]][0]
    assert post_form(staff_client, f"/admin/users/{new_id}", {"role": "reviewer"}, token_from="/admin/users").status_code == 303
    assert other.get("/admin/export.csv").status_code == 200  # the new role applies at once
    assert post_form(staff_client, f"/admin/users/{new_id}", {"active": "0"}, token_from="/admin/users").status_code == 303
    assert other.get("/admin/", follow_redirects=False).status_code == 303
    assert login(other, "new@example.com", "a fine long password").status_code == 401


def _ids(page: str) -> list[str]:
    ids = []
    for part in page.split('action="/admin/users/')[1:]:
        value = part.split('"')[0]
        if value not in ids:
            ids.append(value)
    return ids


def test_the_last_admin_cannot_be_demoted(staff_db, staff_client):
    add_user(staff_db, "admin@example.com", "admin")
    login(staff_client, "admin@example.com")
    admin_id = _ids(staff_client.get("/admin/users").text)[0]
    response = post_form(staff_client, f"/admin/users/{admin_id}", {"role": "viewer"}, token_from="/admin/users")
    assert response.status_code == 400 and "last active admin" in response.text


def test_contributors_exist_but_never_see_the_dashboard(staff_db, staff_client):
    assert not can(Role.CONTRIBUTOR, Permission.VIEW_DASHBOARD)
    assert not can("someday-role", Permission.VIEW_DASHBOARD)
    # Inserted directly: self-registration will create these; staff tools refuse to.
    from feedback_api.auth import passwords
    from feedback_api.db import Database
    from feedback_api.staff.models import Account
    from feedback_api.staff.orm import orm

    db = Database(staff_db)
    db.write_sync(orm(lambda s: s.add(Account(email="c@example.com", role="contributor", is_active=True,
                                               password_hash=passwords.hash_password("contributor pw 1")))))
    db.close()
    response = login(staff_client, "c@example.com", "contributor pw 1")
    assert response.status_code == 403 and "no access to the staff dashboard" in response.text
