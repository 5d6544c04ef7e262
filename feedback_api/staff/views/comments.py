"""Comment triage: a reviewer marks a comment handled (or reopens it)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth.gate import Visit, requires
from feedback_api.i18n import msg
from feedback_api.staff import audit, queries
from feedback_api.staff.clock import utcnow
from feedback_api.staff.context import Staff
from feedback_api.staff.models import Account, CommentTriage
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission


@requires(Permission.TRIAGE_COMMENTS)
async def triage(request: Request, staff: Staff, visit: Visit) -> Response:
    try:
        vote_id = int(request.path_params["vote_id"])
    except ValueError:
        return staff.refuse(request, visit, 404, msg("ui.not_found"), msg("staff.no_such_comment"))
    handled = visit.form.get("status") == "handled"
    viewer = visit.user

    @orm
    def apply(db):
        if not queries.vote_exists(db.connection(), vote_id):
            return False
        row = db.get(CommentTriage, vote_id)
        if handled and row is None:
            db.add(CommentTriage(vote_id=vote_id, status="handled", account_id=viewer.id, updated_at=utcnow()))
        elif not handled and row is not None:
            db.delete(row)
        else:
            return True  # already as asked: no audit entry for a double click
        audit.record(db, "comment.handled" if handled else "comment.reopened", actor=db.get(Account, viewer.id),
                     target=f"vote {vote_id}", client=staff.client_ip(request))
        return True

    if not await staff.db.write(apply):
        return staff.refuse(request, visit, 404, msg("ui.not_found"), msg("staff.no_such_comment"))
    return RedirectResponse(staff.auth.audience.safe_next(str(visit.form.get("back") or "")), status_code=303)
