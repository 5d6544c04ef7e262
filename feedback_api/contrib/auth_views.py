"""Contributor register / sign in / sign out pages (server-rendered forms).

Sign-in follows the staff flow (feedback_api/staff/views/auth.py): throttled per account and per
client in the same table, the attempt recorded as a failure before Argon2 runs, the same words
for every failure. A visitor token posted with the form (the feedback widget's, from
localStorage) is linked to the account so votes from that browser earn its owner nothing.
"""

from __future__ import annotations

import anyio.to_thread
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.api.votes import visitor_hash
from feedback_api.contrib import helpful, identity
from feedback_api.contrib.context import Contrib, Visit, page, safe_next
from feedback_api.errors import ApiError
from feedback_api.staff import audit, passwords, sessions, throttle
from feedback_api.staff.accounts import AccountError, find
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Role

WRONG = "Wrong e-mail or password."
REGISTERED = ("If this address was not registered yet, your contributor account is ready now. "
              "Sign in with it. (If it was, nothing changed: sign in with your existing password.)")
_VISITOR_OK = frozenset("0123456789abcdef")


def _login_page(contrib, request, visit, *, email="", next_="", error=None, notice=None, status=200, headers=None):
    response = contrib.render(request, "c_login.html", {"visit": visit, "title": "Contributor sign in", "email": email,
                              "next": safe_next(next_), "error": error, "notice": notice}, status)
    if headers:
        response.headers.update(headers)
    return response


@page(signed_in=False)
async def login_form(request: Request, contrib: Contrib, visit: Visit) -> Response:
    if visit.contributor is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(contrib, request, visit, next_=request.query_params.get("next"))


@page(signed_in=False)
async def login(request: Request, contrib: Contrib, visit: Visit) -> Response:
    form = visit.form
    email = str(form.get("email") or "").strip()[:320]
    password = str(form.get("password") or "")[:1024]
    next_ = str(form.get("next") or "")
    token = str(form.get("visitor") or "").strip().lower()
    staff = contrib.staff
    client_key, client_ip = staff.client_key(request), staff.client_ip(request)

    @orm
    def begin(db):
        wait = throttle.retry_after(db, email, client_key, staff.policy)
        if wait is not None:
            return wait, None
        throttle.record(db, email, client_key, False, staff.policy)
        return None, find(db, email) if email else None

    wait, account = await contrib.db.write(begin)
    if wait is not None:
        return _login_page(contrib, request, visit, email=email, next_=next_, error=throttle.message(wait), status=429,
                           headers={"Retry-After": str(wait)})
    ok = await anyio.to_thread.run_sync(passwords.verify, account.password_hash if account else None, password)
    # Staff sign in on the dashboard; here a staff account is just a wrong password (no hint either way).
    if not (ok and account.is_active and account.role == Role.CONTRIBUTOR.value):
        return _login_page(contrib, request, visit, email=email, next_=next_, error=WRONG, status=401)
    linked = visitor_hash(contrib.settings.key, token) if 32 <= len(token) <= 128 and set(token) <= _VISITOR_OK else None
    previous_sid = visit.cookie.sid

    @orm
    def finish(db):
        sessions.end(db, previous_sid)
        row = db.get(Account, account.id)
        throttle.record(db, email, client_key, True, staff.policy)
        row.last_login_at = utcnow()
        if linked:
            helpful.link_visitor(db, row.id, linked)
        audit.record(db, "contrib.login", actor=row, client=client_ip)
        return sessions.start(db, row, client_key)

    sid = await contrib.db.write(finish)
    visit.cookie = sessions.CookieState(sid=sid, csrf=sessions.new_token(), changed=True)
    return RedirectResponse(safe_next(next_), status_code=303)


@page(signed_in=False)
async def register_form(request: Request, contrib: Contrib, visit: Visit) -> Response:
    return contrib.render(request, "c_register.html", {"visit": visit, "title": "Become a contributor",
                          "error": None, "email": "", "display_name": ""})


@page(signed_in=False)
async def register(request: Request, contrib: Contrib, visit: Visit) -> Response:
    form = visit.form
    email = str(form.get("email") or "")[:320]
    password = str(form.get("password") or "")[:1024]
    display_name = str(form.get("display_name") or "")[:200]
    try:
        email = identity.check_registration(email, password, display_name)
    except (AccountError, ValueError) as exc:
        return contrib.render(request, "c_register.html", {"visit": visit, "title": "Become a contributor",
                              "error": str(exc), "email": email, "display_name": display_name}, 400)
    client_key = contrib.staff.client_key(request)
    try:
        # Counted with the service's shared write limit, so a script cannot mass-register.
        await contrib.db.write(lambda conn: contrib.deps.rate_limiter.check(conn, client_key))
    except ApiError as exc:
        return _login_page(contrib, request, visit, email=email, error=exc.message, status=429, headers=exc.headers)
    # Hashed whether or not the address is free: the response time must not tell.
    password_hash = await anyio.to_thread.run_sync(passwords.hash_password, password)
    try:
        created = await contrib.db.write(orm(lambda db: identity.register(db, email, password_hash, display_name)))
    except IntegrityError:  # registered concurrently: the same as "already there"
        created = False
    if created:
        await contrib.db.write(orm(lambda db: audit.record(db, "contrib.register", actor_name="(self-registration)",
                                                            target=email, client=contrib.staff.client_ip(request))))
    return _login_page(contrib, request, visit, email=email, notice=REGISTERED)


@page(signed_in=False)
async def logout(request: Request, contrib: Contrib, visit: Visit) -> Response:
    sid = visit.cookie.sid
    await contrib.db.write(orm(lambda db: sessions.end(db, sid)))
    visit.cookie = sessions.CookieState(sid=None, csrf=sessions.new_token(), changed=True)
    return RedirectResponse("/contribute/login", status_code=303)
