"""Staff sign-in through the real app, on SQLite and PostgreSQL (what both audiences share is
tested once for each in tests/feedback_api/auth/)."""

from __future__ import annotations

from argon2 import PasswordHasher
from staff_helpers import PASSWORD, add_user, login, post_form

from feedback_api.auth import passwords
from feedback_api.auth.audience import WRONG
from feedback_api.db import Database
from feedback_api.staff import accounts
from feedback_api.staff.audience import STAFF
from feedback_api.staff.orm import orm


def test_dashboard_redirects_to_login_when_signed_out(staff_client):
    response = staff_client.get("/admin/health?lang=en", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=%2Fadmin%2Fhealth%3Flang%3Den"


def test_login_success_sets_a_hardened_cookie_and_follows_next(staff_db, staff_client, make_staff_client):
    add_user(staff_db, "Ann@Example.com", "viewer")
    response = login(staff_client, "ann@example.com", next="/admin/health")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/health"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{STAFF.cookie}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/;" in cookie  # staff read internal pages site-wide
    assert "Secure" not in cookie  # plain http in this test
    page = staff_client.get("/admin/")
    assert page.status_code == 200 and "ann@example.com" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


    # Behind https the cookie is Secure; and `next` never leads off the dashboard.
    https = make_staff_client(base_url="https://testserver")
    response = login(https, "ann@example.com", next="https://evil.example/")
    assert "Secure" in response.headers["set-cookie"]
    assert response.headers["location"] == "/admin/"


def test_wrong_password_and_unknown_user_get_the_same_answer(staff_db, staff_client):
    add_user(staff_db, "ann@example.com", "viewer")
    wrong = login(staff_client, "ann@example.com", "not the password")
    unknown = login(staff_client, "nobody@example.com", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert WRONG in wrong.text and WRONG in unknown.text
    assert staff_client.get("/admin/", follow_redirects=False).status_code == 303


def test_five_failures_lock_the_account_for_everyone(staff_db, staff_client, make_staff_client):
    add_user(staff_db, "ann@example.com", "viewer")
    for _ in range(5):
        assert login(staff_client, "ann@example.com", "guess guess guess").status_code == 401
    # Even the right password is refused now, and from another worker (a second app instance).
    other_worker = make_staff_client()
    locked = login(other_worker, "ann@example.com")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    assert 1 <= int(locked.headers["retry-after"]) <= 15 * 60
    # Unknown accounts lock the same way, so a 429 does not tell which addresses exist.
    for _ in range(5):
        login(staff_client, "nobody@example.com", "guess guess guess")
    response = login(staff_client, "nobody@example.com", "guess guess guess")
    assert response.status_code == 429 and response.text.count("Too many failed sign-in attempts") == 1


def test_success_clears_earlier_typos(staff_db, staff_client):
    add_user(staff_db, "ann@example.com", "viewer")
    for _ in range(4):
        login(staff_client, "ann@example.com", "typo typo typo")
    assert login(staff_client, "ann@example.com").status_code == 303
    # Stronger Argon2 parameters later: the next sign-in upgrades the stored hash.
    before = _hash(staff_db, "ann@example.com")
    passwords.use(PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1))
    post_form(staff_client, "/admin/logout", {})
    assert login(staff_client, "ann@example.com").status_code == 303
    after = _hash(staff_db, "ann@example.com")
    assert after != before and "t=2" in after


def _hash(url: str, email: str) -> str:
    db = Database(url)
    try:
        return db.read_sync(orm(lambda s: accounts.find(s, email).password_hash))
    finally:
        db.close()


def test_tampered_cookie_is_rejected(staff_db, staff_client):
    add_user(staff_db, "ann@example.com", "viewer")
    login(staff_client, "ann@example.com")
    good = staff_client.cookies.get(STAFF.cookie)
    payload, stamp, signature = good.rsplit(".", 2)
    # Change the first character: the last one of base64 carries padding bits that may not count.
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    for forged in (f"{payload}.{stamp}.{flipped}", f"{payload[:-2]}xx.{stamp}.{signature}"):
        staff_client.cookies.clear()
        staff_client.cookies.set(STAFF.cookie, forged, path="/admin")
        response = staff_client.get("/admin/", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/admin/login")
    staff_client.cookies.clear()
    staff_client.cookies.set(STAFF.cookie, good, path="/admin")
    assert staff_client.get("/admin/", follow_redirects=False).status_code == 200


def test_logout_ends_the_session_on_the_server(staff_db, staff_client):
    add_user(staff_db, "ann@example.com", "viewer")
    login(staff_client, "ann@example.com")
    stolen = staff_client.cookies.get(STAFF.cookie)
    assert post_form(staff_client, "/admin/logout", {}).headers["location"] == "/admin/login"
    staff_client.cookies.clear()
    staff_client.cookies.set(STAFF.cookie, stolen, path="/admin")  # replaying the old signed cookie
    assert staff_client.get("/admin/", follow_redirects=False).status_code == 303
