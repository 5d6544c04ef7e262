"""Sign in and sign out, the same for every audience.

A sign-in attempt is written as a failure *before* the password is checked and only turned into
a success afterwards, so parallel guesses cannot all slip under the limit while Argon2 runs.
The password check itself runs off the event loop and outside any database transaction. An
unknown e-mail, a wrong password and a deactivated account get the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth import passwords, sessions, throttle
from feedback_api.auth.audience import WRONG, Auth
from feedback_api.auth.gate import Visit
from feedback_api.staff import audit
from feedback_api.staff.accounts import find
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm

# The sign-in form again, with what was typed and why it failed: form(email=, next_=, error=, status=, headers=).
Form = Callable[..., Response]


async def sign_in(request: Request, auth: Auth, visit: Visit, form: Form,
                  on_success: Callable[[Any, Account], None] | None = None) -> Response:
    """Check the posted e-mail and password; on success start a session and follow ``next``.

    ``on_success(db, account)`` runs in the transaction that starts the session.
    """
    posted = visit.form or FormData()  # the gate read the POSTed form
    email = str(posted.get("email") or "").strip()[:320]
    password = str(posted.get("password") or "")[:1024]
    next_ = str(posted.get("next") or "")
    client_key, client_ip = auth.client_key(request), auth.client_ip(request)
    audience = auth.audience

    @orm
    def begin(db: Session) -> tuple[int | None, Account | None]:
        wait = throttle.retry_after(db, email, client_key, auth.policy)
        if wait is not None:
            return wait, None
        throttle.record(db, email, client_key, False, auth.policy)
        return None, find(db, email) if email else None

    wait, account = await auth.db.write(begin)
    if wait is not None:
        return form(email=email, next_=next_, error=throttle.message(wait), status=429, headers={"Retry-After": str(wait)})
    ok = await anyio.to_thread.run_sync(passwords.verify, account.password_hash if account else None, password)
    if not (ok and account is not None and account.is_active):
        failure = audience.audit_failure
        if account is not None and failure:
            target = account.email
            await auth.db.write(orm(lambda db: audit.record(db, failure, actor_name="(not signed in)",
                                                            target=target, client=client_ip)))
        return form(email=email, next_=next_, error=WRONG, status=401)
    refused = audience.refusal(account)
    if refused is not None:
        status, message = refused
        return form(email=email, next_=next_, error=message, status=status)
    rehash = passwords.needs_rehash(account.password_hash)
    new_hash = await anyio.to_thread.run_sync(passwords.rehash, password) if rehash else None
    previous_sid = visit.cookie.sid

    @orm
    def finish(db: Session) -> str:
        sessions.end(db, previous_sid)  # signing in as someone else ends the earlier session
        row = db.get_one(Account, account.id)
        throttle.record(db, email, client_key, True, auth.policy)
        row.last_login_at = utcnow()
        if new_hash:  # parameters were raised since this hash was made
            row.password_hash = new_hash
        if on_success is not None:
            on_success(db, row)
        audit.record(db, audience.audit_login, actor=row, client=client_ip)
        return sessions.start(db, row, client_key)

    sid = await auth.db.write(finish)
    # A fresh CSRF token with the fresh session: nothing issued before sign-in stays valid.
    visit.cookie = sessions.CookieState(sid=sid, csrf=sessions.new_token(), changed=True)
    return RedirectResponse(audience.safe_next(next_), status_code=303)


async def sign_out(request: Request, auth: Auth, visit: Visit) -> Response:
    sid, user, action = visit.cookie.sid, visit.user, auth.audience.audit_logout

    @orm
    def end(db: Session) -> None:
        sessions.end(db, sid)
        if user is not None and action:
            audit.record(db, action, actor=db.get(Account, user.id), client=auth.client_ip(request))

    await auth.db.write(end)
    visit.cookie = sessions.signed_out()
    return RedirectResponse(auth.audience.login_path, status_code=303)
