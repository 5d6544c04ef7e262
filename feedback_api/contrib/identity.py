"""Contributor accounts: the staff account table with role ``contributor``, and its session.

Hashing, sessions, CSRF tokens and sign-in throttling are the staff module's (imported, not
copied). Only the cookie differs: contributors use the help center and the API, so their cookie
is ``kb_contrib`` on path ``/`` while the staff cookie stays confined to ``/admin``; a staff
session therefore never rides along on help-center requests.

Registration never tells whether an address already has an account: it answers the same page
("your account is ready if this address was free — sign in") either way, spends the same Argon2
time either way, and does not sign the new account in (signing in only new accounts would be the
tell). An existing account's password is never changed by a registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from feedback_api.staff import passwords, sessions
from feedback_api.staff.accounts import AccountError, find, normalise_email
from feedback_api.staff.models import Account
from feedback_api.staff.roles import Role

COOKIE = "kb_contrib"


class ContributorCookie(sessions.CookieCodec):
    """The staff codec (same signing, lifetime, token rules) under another name and path."""

    def read(self, request: Request) -> sessions.CookieState:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self._serializer.loads(raw, max_age=int(sessions.LIFETIME.total_seconds()))
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    sid = data.get("sid")
                    return sessions.CookieState(sid=sid if isinstance(sid, str) else None, csrf=data["csrf"])
            except BadSignature:
                pass
        return sessions.CookieState(sid=None, csrf=sessions.new_token(), changed=True)

    def write(self, response: Response, request: Request, state: sessions.CookieState) -> None:
        response.set_cookie(
            COOKIE, self._serializer.dumps({"sid": state.sid, "csrf": state.csrf}),
            max_age=int(sessions.LIFETIME.total_seconds()), path="/", httponly=True, samesite="lax",
            secure=request.url.scheme == "https",
        )


@dataclass(frozen=True)
class Contributor:
    id: int
    email: str
    display_name: str

    @classmethod
    def of(cls, account: Account) -> Contributor:
        return cls(account.id, account.email, account.display_name or account.email.split("@", 1)[0])


def resolve(db: Session, sid: str | None) -> Contributor | None:
    account = sessions.lookup(db, sid)
    if account is None or account.role != Role.CONTRIBUTOR.value:
        return None
    return Contributor.of(account)


def check_registration(email: str, password: str, display_name: str) -> str:
    """Validation that reveals nothing about other accounts; returns the normalised e-mail."""
    try:
        email = normalise_email(email)
    except AccountError:
        raise AccountError("Enter a valid e-mail address.") from None
    passwords.validate(password)  # ValueError with the rule to show
    if not 2 <= len(display_name.strip()) <= 60:
        raise AccountError("Choose a display name of 2 to 60 characters; it is shown on the leaderboard.")
    return email


def register(db: Session, email: str, password_hash: str, display_name: str) -> bool:
    """Create the account unless the address is taken; the caller answers the same either way."""
    if find(db, email) is not None:
        return False
    db.add(Account(email=email, display_name=display_name.strip(), password_hash=password_hash,
                   role=Role.CONTRIBUTOR.value, is_active=True))
    db.flush()
    return True
