"""The one gate every signed-in page and API call passes: CSRF, session, scopes, cookie upkeep.

Order matters. CSRF (token and Origin) is checked first on every POST, signed in or not, so a
forged request is refused before anything else looks at it. Then the session is resolved from
the signed cookie (a tampered cookie counts as no cookie), then the scopes. The cookie is
re-issued when it was missing or unreadable, so the next form always has a token to send.

Views are ``async fn(request, ctx, visit)``; ``ctx`` is the feature's context, with ``auth`` (an
``Auth``) and ``refuse(request, visit, status, title, message)`` for its error page.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth import sessions
from feedback_api.auth.audience import Auth
from feedback_api.bodies import unstorable_fields
from feedback_api.errors import ApiError
from feedback_api.i18n import msg
from feedback_api.staff.orm import orm

SIGNED_IN = "signed_in"  # the scope every signed-in user of the audience has
EXPIRED = msg("auth.expired")


@dataclass
class Visit:
    cookie: sessions.CookieState
    user: Any = None  # what the audience makes of the signed-in account (staff: Viewer, contributors: Contributor)
    form: FormData | None = None

    @property
    def csrf(self) -> str:
        return self.cookie.csrf


class Context(Protocol):
    """What the gate needs of a feature's context (staff, contributors)."""

    auth: Auth

    def refuse(self, request: Request, visit: Visit, status: int, title: str, message: str) -> Response: ...


View = Callable[[Request, Any, Visit], Awaitable[Response]]  # async fn(request, ctx, visit)
Endpoint = Callable[[Request, Any], Awaitable[Response]]  # async fn(request, ctx)


def requires(*scopes: str) -> Callable[[View], Endpoint]:
    """Starlette-style: the view runs for a signed-in user holding every scope; signed-out visitors
    are sent to sign in. Without scopes anyone may open the page (sign-in); POSTs still need CSRF."""

    def wrap(fn: View) -> Endpoint:
        @functools.wraps(fn)
        async def endpoint(request: Request, ctx: Context) -> Response:
            auth: Auth = ctx.auth
            visit = Visit(cookie=auth.codec.read(request))
            response = await _gate(fn, request, ctx, visit, scopes)
            if visit.cookie.changed:
                auth.codec.write(response, request, visit.cookie)
            return response

        return endpoint

    return wrap


async def _gate(fn: View, request: Request, ctx: Context, visit: Visit, scopes: tuple[str, ...]) -> Response:
    auth: Auth = ctx.auth
    if request.method == "POST":
        visit.form = await request.form(max_files=0, max_fields=auth.audience.max_form_fields)
        token = visit.form.get("csrf_token")
        if not sessions.csrf_ok(visit.cookie, token if isinstance(token, str) else None) or not sessions.same_origin(request):
            return ctx.refuse(request, visit, 403, msg("auth.form_expired"), EXPIRED)
        if unstorable_fields(visit.form.multi_items()):  # PostgreSQL refuses NUL; SQLite would keep it
            return ctx.refuse(request, visit, 422, msg("auth.invalid_characters"), msg("auth.nul"))
    if visit.cookie.sid:
        visit.user = await auth.db.read(orm(_resolve), auth, visit.cookie.sid)
        if visit.user is None:  # ended or expired session: drop it from the cookie
            visit.cookie = sessions.signed_out()
    if scopes:
        if visit.user is None:
            return RedirectResponse(_login_url(auth, request), status_code=303)
        if not all(scope == SIGNED_IN or visit.user.can(scope) for scope in scopes):
            return ctx.refuse(request, visit, 403, msg("auth.not_allowed"), msg("auth.role_refused"))
    return await fn(request, ctx, visit)


def _resolve(db: Session, auth: Auth, sid: str) -> Any:
    account = sessions.lookup(db, sid)
    return None if account is None else auth.audience.user(account)


def _login_url(auth: Auth, request: Request) -> str:
    if request.method != "GET":  # a form's target is no page to come back to
        return auth.audience.login_path
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return auth.audience.login_path + "?" + urlencode({"next": target})


async def api_user(request: Request, auth: Auth) -> Any:
    """The signed-in user of a JSON API call; POSTs carry the CSRF token in ``X-CSRF-Token``."""
    cookie = auth.codec.read(request)
    if request.method == "POST" and not (sessions.csrf_ok(cookie, request.headers.get("x-csrf-token"))
                                         and sessions.same_origin(request)):
        raise ApiError(403, "csrf_failed", "Missing or wrong X-CSRF-Token header: reload the page and try again.")
    user = await auth.db.read(orm(_resolve), auth, cookie.sid) if cookie.sid else None
    if user is None:
        raise ApiError(401, "not_signed_in", "Sign in first.", {"sign_in": auth.audience.login_path})
    return user
