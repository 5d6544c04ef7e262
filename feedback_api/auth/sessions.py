"""Signed session cookies backed by server-side sessions, and the CSRF token they carry.

Each audience (staff, contributors) has its own cookie name and path; everything else is shared.
The cookie holds ``{"sid": random id or None, "csrf": random token}`` signed with the secret key
(itsdangerous), so a tampered cookie is simply ignored. The session itself lives in
``account_sessions`` under the SHA-256 of its id: logout and deactivation end it at once on every
worker, and a database leak yields no usable session ids. Anonymous visitors get a cookie with a
CSRF token only, which protects the login form too; the token is replaced at login and logout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from feedback_api.staff.clock import aware, utcnow
from feedback_api.staff.models import Account, AccountSession

LIFETIME = dt.timedelta(hours=12)
_SALT = "kb.staff.session.v1"  # the name predates contributors; changing it would sign everyone out


@dataclass
class CookieState:
    sid: str | None
    csrf: str
    changed: bool = False  # the response must (re)write the cookie


class CookieCodec:
    def __init__(self, secret_key: str, name: str, path: str):
        if not secret_key:
            raise ValueError("signing in needs KB_SECRET_KEY")
        self._serializer = URLSafeTimedSerializer(secret_key, salt=_SALT)
        self.name, self.path = name, path

    def read(self, request: Request) -> CookieState:
        raw = request.cookies.get(self.name)
        if raw:
            try:
                data = self._serializer.loads(raw, max_age=int(LIFETIME.total_seconds()))
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    sid = data.get("sid")
                    return CookieState(sid=sid if isinstance(sid, str) else None, csrf=data["csrf"])
            except BadSignature:  # also covers expired signatures
                pass
        return signed_out()

    def write(self, response: Response, request: Request, state: CookieState) -> None:
        response.set_cookie(
            self.name,
            self._serializer.dumps({"sid": state.sid, "csrf": state.csrf}),
            max_age=int(LIFETIME.total_seconds()),
            path=self.path,
            httponly=True,
            samesite="lax",
            # Behind a TLS-terminating proxy the scheme is https once uvicorn trusts the proxy headers.
            secure=request.url.scheme == "https",
        )


def new_token() -> str:
    return secrets.token_urlsafe(32)


def signed_out() -> CookieState:
    """The cookie after sign-out, or once its session ended: no session, a fresh CSRF token."""
    return CookieState(sid=None, csrf=new_token(), changed=True)


def csrf_ok(state: CookieState, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(state.csrf.encode(), str(submitted).encode())


def same_origin(request: Request) -> bool:
    """Browsers send Origin on POSTs; when present its host must be ours (defence in depth).

    Only the host is compared: behind a TLS proxy whose headers uvicorn does not trust, the app
    sees http while the browser says https, and that must not lock anyone out.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode("ascii", "replace")).hexdigest()


def start(db: Session, account: Account, client: str | None) -> str:
    sid = new_token()
    now = utcnow()
    db.add(AccountSession(id=_digest(sid), account_id=account.id, created_at=now, expires_at=now + LIFETIME, client=client))
    # Expired sessions are useless; sweeping here keeps the table small without a cron job.
    db.execute(delete(AccountSession).where(AccountSession.expires_at < now))
    return sid


def lookup(db: Session, sid: str | None) -> Account | None:
    if not sid:
        return None
    row = db.get(AccountSession, _digest(sid))
    if row is None or aware(row.expires_at) < utcnow():
        return None
    account = db.scalar(select(Account).where(Account.id == row.account_id))
    return account if account is not None and account.is_active else None


def end(db: Session, sid: str | None) -> None:
    if sid:
        db.execute(delete(AccountSession).where(AccountSession.id == _digest(sid)))


def end_all(db: Session, account: Account) -> None:
    db.execute(delete(AccountSession).where(AccountSession.account_id == account.id))
