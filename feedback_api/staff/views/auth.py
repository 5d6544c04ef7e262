"""Sign in and sign out.

A sign-in attempt is written as a failure *before* the password is checked and only turned into
a success afterwards, so parallel guesses cannot all slip under the limit while Argon2 runs.
The password check itself runs off the event loop and outside any database transaction.
"""

from __future__ import annotations

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.staff import audit, passwords, sessions, throttle
from feedback_api.staff.accounts import find
from feedback_api.staff.clock import utcnow
from feedback_api.staff.context import Staff
from feedback_api.staff.guard import Visit, view
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission, can

# The same words for an unknown e-mail, a wrong password and a deactivated account.
WRONG = "Wrong e-mail or password."
NO_ACCESS = "This account has no access to the staff dashboard."


def safe_next(target: str | None) -> str:
    """Only paths inside the dashboard: an open redirect would make phishing links look genuine."""
    if target and target.startswith("/admin/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/admin/"


def _page(staff: Staff, request: Request, visit: Visit, *, email="", next_="", error=None, status=200, headers=None):
    return staff.templates.render(
        request, "login.html",
        {"visit": visit, "email": email, "next": safe_next(next_), "error": error, "title": "Sign in"},
        status, headers,
    )


@view(None)
async def login_form(request: Request, staff: Staff, visit: Visit) -> Response:
    if visit.viewer is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _page(staff, request, visit, next_=request.query_params.get("next"))


@view(None)
async def login(request: Request, staff: Staff, visit: Visit) -> Response:
    email = str(visit.form.get("email") or "").strip()[:320]
    password = str(visit.form.get("password") or "")[:1024]
    next_ = str(visit.form.get("next") or "")
    client_key, client_ip = staff.client_key(request), staff.client_ip(request)

    @orm
    def begin(db):
        wait = throttle.retry_after(db, email, client_key, staff.policy)
        if wait is not None:
            return wait, None
        throttle.record(db, email, client_key, False, staff.policy)
        account = find(db, email) if email else None
        return None, account

    wait, account = await staff.db.write(begin)
    if wait is not None:
        return _page(staff, request, visit, email=email, next_=next_, error=throttle.message(wait), status=429,
                     headers={"Retry-After": str(wait)})
    ok = await anyio.to_thread.run_sync(passwords.verify, account.password_hash if account else None, password)
    ok = ok and account.is_active
    if not ok:
        if account is not None:
            await staff.db.write(orm(lambda db: audit.record(db, "login.failed", actor_name="(not signed in)", target=account.email, client=client_ip)))
        return _page(staff, request, visit, email=email, next_=next_, error=WRONG, status=401)
    if not can(account.role, Permission.VIEW_DASHBOARD):
        return _page(staff, request, visit, email=email, next_=next_, error=NO_ACCESS, status=403)
    rehash = passwords.needs_rehash(account.password_hash)
    new_hash = await anyio.to_thread.run_sync(passwords.rehash, password) if rehash else None

    previous_sid = visit.cookie.sid

    @orm
    def finish(db):
        sessions.end(db, previous_sid)  # signing in as someone else ends the earlier session
        row = db.get(Account, account.id)
        throttle.record(db, email, client_key, True, staff.policy)
        row.last_login_at = utcnow()
        if new_hash:  # parameters were raised since this hash was made
            row.password_hash = new_hash
        audit.record(db, "login", actor=row, client=client_ip)
        return sessions.start(db, row, client_key)

    sid = await staff.db.write(finish)
    # A fresh CSRF token with the fresh session: nothing issued before sign-in stays valid.
    visit.cookie = sessions.CookieState(sid=sid, csrf=sessions.new_token(), changed=True)
    return RedirectResponse(safe_next(next_), status_code=303)


@view(None)
async def logout(request: Request, staff: Staff, visit: Visit) -> Response:
    sid, viewer = visit.cookie.sid, visit.viewer

    @orm
    def end(db):
        sessions.end(db, sid)
        if viewer is not None:
            audit.record(db, "logout", actor=db.get(Account, viewer.id), client=staff.client_ip(request))

    await staff.db.write(end)
    visit.cookie = sessions.CookieState(sid=None, csrf=sessions.new_token(), changed=True)
    return RedirectResponse("/admin/login", status_code=303)
