"""Account management for admins: list, create, change role, deactivate/reactivate."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth import sessions
from feedback_api.auth.gate import Visit, requires
from feedback_api.i18n import msg
from feedback_api.staff import accounts
from feedback_api.staff.accounts import AccountError
from feedback_api.staff.context import Staff
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import STAFF_ROLES, Permission


async def _render(staff: Staff, request: Request, visit: Visit, *, error=None, status=200, form=None):
    rows = await staff.db.read(orm(accounts.list_accounts))
    return staff.templates.render(
        request, "users.html",
        {"visit": visit, "title": msg("staff.accounts"), "page": "users", "accounts": rows, "roles": [r.value for r in STAFF_ROLES],
         "error": error, "form": form or {"email": "", "role": "viewer"}, "Permission": Permission},
        status,
    )


@requires(Permission.MANAGE_USERS)
async def list_users(request: Request, staff: Staff, visit: Visit) -> Response:
    return await _render(staff, request, visit)


@requires(Permission.MANAGE_USERS)
async def create_user(request: Request, staff: Staff, visit: Visit) -> Response:
    form = visit.form
    email, role, password = str(form.get("email") or ""), str(form.get("role") or ""), str(form.get("password") or "")
    viewer = visit.user

    @orm
    def create(db):
        accounts.create_staff(db, email, password, role, actor=db.get(Account, viewer.id), client=staff.client_ip(request))

    try:
        await staff.db.write(create)
    except AccountError as exc:
        return await _render(staff, request, visit, error=exc.args[0], status=400, form={"email": email, "role": role})
    return RedirectResponse("/admin/users", status_code=303)


@requires(Permission.MANAGE_USERS)
async def update_user(request: Request, staff: Staff, visit: Visit) -> Response:
    account_id = request.path_params["account_id"]
    form, viewer = visit.form, visit.user

    @orm
    def update(db):
        account = db.get(Account, account_id)
        if account is None:
            return False
        actor = db.get(Account, viewer.id)
        client = staff.client_ip(request)
        if form.get("role"):
            accounts.set_role(db, account, str(form.get("role")), actor=actor, client=client)
        if form.get("active") in ("0", "1"):
            accounts.set_active(db, account, form.get("active") == "1", actor=actor, client=client)
            if not account.is_active:
                sessions.end_all(db, account)  # signed-in sessions end now, not at expiry
        return True

    try:
        found = await staff.db.write(update)
    except AccountError as exc:
        return await _render(staff, request, visit, error=exc.args[0], status=400)
    if not found:
        return staff.refuse(request, visit, 404, msg("ui.not_found"), msg("staff.no_such_account"))
    return RedirectResponse("/admin/users", status_code=303)
