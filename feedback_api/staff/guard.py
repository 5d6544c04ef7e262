"""The one gate every staff view passes: session, CSRF, permission, cookie upkeep.

Order matters. CSRF is checked first on every POST, signed in or not, so a forged request is
refused before anything else looks at it. Then the session is resolved from the signed cookie
(a tampered cookie counts as no cookie), then the permission. The cookie is re-issued when it
was missing or unreadable, so the next form always has a token to send.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.bodies import unstorable_fields
from feedback_api.staff import sessions
from feedback_api.staff.context import Staff
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission, can

MAX_FORM_FIELDS = 50


@dataclass(frozen=True)
class Viewer:
    """The signed-in account, detached from the database session that loaded it."""

    id: int
    email: str
    role: str
    display_name: str | None

    def can(self, permission: Permission | str) -> bool:
        return can(self.role, Permission(permission))


@dataclass
class Visit:
    cookie: sessions.CookieState
    viewer: Viewer | None = None
    form: FormData | None = None

    @property
    def csrf(self) -> str:
        return self.cookie.csrf


@orm
def _resolve(db, sid):
    account = sessions.lookup(db, sid)
    return None if account is None else Viewer(account.id, account.email, account.role, account.display_name)


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/admin/login?" + urlencode({"next": target})


def problem(staff: Staff, request: Request, visit: Visit, status: int, title: str, message: str) -> Response:
    return staff.templates.render(request, "error.html", {"visit": visit, "title": title, "message": message}, status)


def forbidden(staff: Staff, request: Request, visit: Visit, message: str) -> Response:
    return problem(staff, request, visit, 403, "Not allowed", message)


def view(permission: Permission | None):
    """``permission=None`` marks the pages anyone may open (login); they still get CSRF checks."""

    def wrap(fn):
        @functools.wraps(fn)
        async def endpoint(request: Request, staff: Staff) -> Response:
            visit = Visit(cookie=staff.codec.read(request))
            response = await _gate(fn, request, staff, visit, permission)
            if visit.cookie.changed:
                staff.codec.write(response, request, visit.cookie)
            return response

        return endpoint

    return wrap


async def _gate(fn, request: Request, staff: Staff, visit: Visit, permission: Permission | None) -> Response:
    if request.method == "POST":
        visit.form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
        if not sessions.csrf_ok(visit.cookie, visit.form.get("csrf_token")) or not _same_origin(request):
            return forbidden(
                staff, request, visit,
                "This form has expired or did not come from this site. Go back, reload the page and try again.",
            )
        if unstorable_fields(visit.form.multi_items()):
            return problem(staff, request, visit, 422, "Invalid characters",
                           "The form contains a NUL character, which cannot be saved. Remove it and try again.")
    if visit.cookie.sid:
        visit.viewer = await staff.db.read(_resolve, visit.cookie.sid)
        if visit.viewer is None:  # ended or expired session: drop it from the cookie
            visit.cookie = sessions.CookieState(sid=None, csrf=sessions.new_token(), changed=True)
    if permission is not None:
        if visit.viewer is None:
            return RedirectResponse(login_url(request) if request.method == "GET" else "/admin/login", status_code=303)
        if not visit.viewer.can(permission):
            return forbidden(staff, request, visit, "Your role does not allow this. Ask an admin if you need it.")
    return await fn(request, staff, visit)


def _same_origin(request: Request) -> bool:
    """Browsers send Origin on POSTs; when present its host must be ours (defence in depth).

    Only the host is compared: behind a TLS proxy whose headers uvicorn does not trust, the app
    sees http while the browser says https, and that must not lock staff out.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)
