"""The language switch on every portal and dashboard page (POST ``<area>language``).

Signed in, the choice is stored on the account, so it follows the person to any browser; signed
out, a cookie keeps it. Either way it beats the browser's Accept-Language (feedback_api/i18n.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api import i18n
from feedback_api.auth.gate import Context, Visit, requires
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm

COOKIE_LIFETIME = dt.timedelta(days=365)


def _store(db: Session, account_id: int, lang: str) -> None:
    account = db.get(Account, account_id)
    if account is not None:
        account.lang = lang


@requires()
async def switch(request: Request, ctx: Context, visit: Visit) -> Response:
    form = visit.form or FormData()  # the gate read the POSTed form
    lang = str(form.get("lang") or "")
    if lang not in i18n.SUPPORTED:
        return ctx.refuse(request, visit, 400, i18n.msg("ui.bad_request"), i18n.msg("ui.unknown_language"))
    if visit.user is not None:
        user_id = visit.user.id
        await ctx.auth.db.write(orm(lambda db: _store(db, user_id, lang)))
    response = RedirectResponse(ctx.auth.audience.safe_next(str(form.get("here") or "")), status_code=303)
    response.set_cookie(i18n.COOKIE, lang, max_age=int(COOKIE_LIFETIME.total_seconds()), path="/", httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
    return response
