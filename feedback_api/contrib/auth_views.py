"""Contributor register / sign in / sign out pages (server-rendered forms).

Sign-in is the auth layer's flow (feedback_api/auth/signin.py), the same as the staff one. A
visitor token posted with the form (the feedback widget's, from localStorage) is linked to the
account so votes from that browser earn its owner nothing.
"""

from __future__ import annotations

import anyio.to_thread
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.api.votes import visitor_hash
from feedback_api.auth import passwords
from feedback_api.auth.gate import Visit, requires
from feedback_api.auth.signin import sign_in, sign_out
from feedback_api.contrib import helpful, identity
from feedback_api.contrib.context import Contrib
from feedback_api.errors import ApiError
from feedback_api.i18n import msg
from feedback_api.staff import audit
from feedback_api.staff.accounts import AccountError
from feedback_api.staff.orm import orm

REGISTERED = msg("portal.registered")
_VISITOR_OK = frozenset("0123456789abcdef")


def _login_page(contrib, request, visit, *, email="", next_="", error=None, notice=None, status=200, headers=None):
    audience = contrib.auth.audience
    response = contrib.render(request, "c_login.html", {"visit": visit, "title": msg("portal.sign_in_title"), "email": email,
                              "next": audience.safe_next(next_), "return_query": audience.return_query(next_),
                              "error": error, "notice": notice}, status)
    if headers:
        response.headers.update(headers)
    return response


@requires()
async def login_form(request: Request, contrib: Contrib, visit: Visit) -> Response:
    if visit.user is not None:
        return RedirectResponse(contrib.auth.audience.safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(contrib, request, visit, next_=request.query_params.get("next"))


@requires()
async def login(request: Request, contrib: Contrib, visit: Visit) -> Response:
    token = str(visit.form.get("visitor") or "").strip().lower()
    linked = visitor_hash(contrib.settings.key, token) if 32 <= len(token) <= 128 and set(token) <= _VISITOR_OK else None

    def link(db, account):
        if linked:
            helpful.link_visitor(db, account.id, linked)

    return await sign_in(request, contrib.auth, visit, lambda **form: _login_page(contrib, request, visit, **form), link)


def _register_page(contrib, request, visit, *, next_, error=None, email="", display_name="", status=200):
    audience = contrib.auth.audience
    return contrib.render(request, "c_register.html", {
        "visit": visit, "title": msg("portal.become_contributor"), "error": error, "email": email, "display_name": display_name,
        # Carried through registration to the sign-in form, so the new contributor lands where they were going.
        "next": audience.safe_next(next_), "return_query": audience.return_query(next_)}, status)


@requires()
async def register_form(request: Request, contrib: Contrib, visit: Visit) -> Response:
    return _register_page(contrib, request, visit, next_=request.query_params.get("next"))


@requires()
async def register(request: Request, contrib: Contrib, visit: Visit) -> Response:
    form = visit.form
    email = str(form.get("email") or "")[:320]
    password = str(form.get("password") or "")[:1024]
    display_name = str(form.get("display_name") or "")[:200]
    next_ = str(form.get("next") or "")
    try:
        email = identity.check_registration(email, password, display_name)
    except (AccountError, ValueError) as exc:
        return _register_page(contrib, request, visit, next_=next_, error=exc.args[0], email=email,
                              display_name=display_name, status=400)
    client_key = contrib.auth.client_key(request)
    try:
        # Counted with the service's shared write limit, so a script cannot mass-register.
        await contrib.db.write(lambda conn: contrib.deps.rate_limiter.check(conn, client_key))
    except ApiError as exc:
        return _login_page(contrib, request, visit, email=email, next_=next_, error=exc.message, status=429,
                           headers=exc.headers)
    # Hashed whether or not the address is free: the response time must not tell.
    password_hash = await anyio.to_thread.run_sync(passwords.hash_password, password)
    try:
        created = await contrib.db.write(orm(lambda db: identity.register(db, email, password_hash, display_name)))
    except IntegrityError:  # registered concurrently: the same as "already there"
        created = False
    if created:
        await contrib.db.write(orm(lambda db: audit.record(db, "contrib.register", actor_name="(self-registration)",
                                                            target=email, client=contrib.auth.client_ip(request))))
    return _login_page(contrib, request, visit, email=email, next_=next_, notice=REGISTERED)


@requires()
async def logout(request: Request, contrib: Contrib, visit: Visit) -> Response:
    return await sign_out(request, contrib.auth, visit)
