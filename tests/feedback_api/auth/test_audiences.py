"""The auth layer, once for each audience (staff on /admin, contributors on /contribute): CSRF,
cross-origin posts, sign-in throttling, session expiry, and a password change ending sessions.
Real apps on SQLite and PostgreSQL (``make_client``: tests/feedback_api/conftest.py)."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update
from starlette.testclient import TestClient

from feedback_api.auth import passwords
from feedback_api.contrib import identity
from feedback_api.db import Database
from feedback_api.staff import accounts
from feedback_api.staff.models import AccountSession
from feedback_api.staff.orm import orm
from feedback_api.storage.engine import upgrade

PASSWORD = "correct horse battery staple"
EMAIL = "ann@example.com"


@dataclass(frozen=True)
class Side:
    name: str
    login: str  # the sign-in page
    logout: str
    home: str  # a page only a signed-in member of the audience may see

    def add_account(self, db: Database, email: str = EMAIL) -> None:
        if self.name == "staff":
            db.write_sync(orm(lambda s: accounts.create_staff(s, email, PASSWORD, "viewer")))
        else:
            db.write_sync(orm(lambda s: identity.register(s, email, passwords.hash_password(PASSWORD), "Ann")))


SIDES = [Side("staff", "/admin/login", "/admin/logout", "/admin/"),
         Side("contributor", "/contribute/login", "/contribute/logout", "/contribute/profile")]


@pytest.fixture(params=SIDES, ids=lambda side: side.name)
def side(request) -> Side:
    return request.param


@pytest.fixture(autouse=True)
def cheap_argon2():
    previous = passwords.use(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use(previous)


@pytest.fixture
def db(database_url: str):
    upgrade(database_url)
    database = Database(database_url)
    yield database
    database.close()


def _token(client: TestClient, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return html.unescape(match.group(1))


def sign_in(client: TestClient, side: Side, password: str = PASSWORD, email: str = EMAIL, **headers):
    data = {"email": email, "password": password, "csrf_token": _token(client, side.login)}
    return client.post(side.login, data=data, headers=headers, follow_redirects=False)


def signed_in(client: TestClient, side: Side) -> bool:
    response = client.get(side.home, follow_redirects=False)
    assert response.status_code in (200, 303), response.status_code
    return response.status_code == 200


def test_posts_without_the_csrf_token_are_refused(side, db, make_client):
    side.add_account(db)
    client = make_client()
    client.get(side.login)
    assert client.post(side.login, data={"email": EMAIL, "password": PASSWORD}).status_code == 403
    assert not signed_in(client, side)
    assert sign_in(client, side).status_code == 303 and signed_in(client, side)
    # Signed in, a forged token is as bad as none: the sign-out does not happen.
    for data in ({}, {"csrf_token": "forged"}):
        assert client.post(side.logout, data=data, follow_redirects=False).status_code == 403
    assert signed_in(client, side)


def test_cross_origin_posts_are_refused_even_with_the_token(side, db, make_client):
    side.add_account(db)
    client = make_client()
    assert sign_in(client, side, origin="https://evil.example").status_code == 403
    assert not signed_in(client, side)
    assert sign_in(client, side, origin="http://testserver").status_code == 303
    refused = client.post(side.logout, data={"csrf_token": _token(client, side.login)},
                          headers={"origin": "https://evil.example"}, follow_redirects=False)
    assert refused.status_code == 403 and signed_in(client, side)


def test_sign_in_is_throttled_per_account_and_per_client(side, db, make_client):
    side.add_account(db)
    client = make_client(KB_STAFF_LOGIN_ACCOUNT_LIMIT="2", KB_STAFF_LOGIN_CLIENT_LIMIT="3")
    for _ in range(2):
        assert sign_in(client, side, "wrong password!!").status_code == 401
    locked = sign_in(client, side)  # the right password, too late
    assert locked.status_code == 429 and 0 < int(locked.headers["retry-after"]) <= 15 * 60
    assert "Too many failed sign-in attempts" in locked.text and not signed_in(client, side)
    # The same client trying other addresses (known or not) runs into its own limit.
    side.add_account(db, "bob@example.com")
    assert sign_in(client, side, "wrong password!!", email="nobody@example.com").status_code == 401
    assert sign_in(client, side, "wrong password!!", email="nobody@example.com").status_code == 429
    assert sign_in(client, side, email="bob@example.com").status_code == 429


def test_an_expired_session_signs_out(side, db, make_client):
    side.add_account(db)
    client = make_client()
    assert sign_in(client, side).status_code == 303 and signed_in(client, side)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.write_sync(lambda conn: conn.execute(update(AccountSession).values(expires_at=past)))
    response = client.get(side.home, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith(side.login)


def test_a_password_change_ends_every_session(side, db, make_client):
    side.add_account(db)
    laptop, phone = make_client(), make_client()
    for client in (laptop, phone):
        assert sign_in(client, side).status_code == 303 and signed_in(client, side)
    new = "another long passphrase"
    db.write_sync(orm(lambda s: accounts.set_password(s, accounts.find(s, EMAIL), new, actor_name="test")))
    assert not signed_in(laptop, side) and not signed_in(phone, side)
    assert sign_in(laptop, side).status_code == 401
    assert sign_in(laptop, side, new).status_code == 303 and signed_in(laptop, side)
