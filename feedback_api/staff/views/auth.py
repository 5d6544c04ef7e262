"""Staff sign-in and sign-out pages; the flow itself is feedback_api/auth/signin.py."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth.gate import Visit, requires
from feedback_api.auth.signin import sign_in, sign_out
from feedback_api.i18n import msg
from feedback_api.staff.context import Staff


def _page(staff: Staff, request: Request, visit: Visit, *, email="", next_="", error=None, status=200, headers=None):
    return staff.templates.render(
        request, "login.html",
        {"visit": visit, "email": email, "next": staff.auth.audience.safe_next(next_), "error": error, "title": msg("ui.sign_in")},
        status, headers,
    )


@requires()
async def login_form(request: Request, staff: Staff, visit: Visit) -> Response:
    if visit.user is not None:
        return RedirectResponse(staff.auth.audience.safe_next(request.query_params.get("next")), status_code=303)
    return _page(staff, request, visit, next_=request.query_params.get("next"))


@requires()
async def login(request: Request, staff: Staff, visit: Visit) -> Response:
    return await sign_in(request, staff.auth, visit, lambda **form: _page(staff, request, visit, **form))


@requires()
async def logout(request: Request, staff: Staff, visit: Visit) -> Response:
    return await sign_out(request, staff.auth, visit)
