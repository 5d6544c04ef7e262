"""The audit log page (/admin/audit), newest first, paged by id."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from feedback_api.auth.gate import Visit, requires
from feedback_api.i18n import msg
from feedback_api.staff import audit
from feedback_api.staff.context import Staff
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission

PAGE = 100


@requires(Permission.VIEW_AUDIT)
async def audit_log(request: Request, staff: Staff, visit: Visit) -> Response:
    action = request.query_params.get("action") or None
    before = request.query_params.get("before")
    before_id = int(before) if before and before.isdigit() else None

    @orm
    def load(db):
        return audit.recent(db, limit=PAGE, before_id=before_id, action=action), audit.actions(db)

    entries, actions = await staff.report(load)
    return staff.templates.render(
        request, "audit.html",
        {"visit": visit, "title": msg("staff.audit"), "page": "audit", "entries": entries, "actions": actions,
         "action": action or "", "next_before": entries[-1].id if len(entries) == PAGE else None,
         "Permission": Permission},
    )
