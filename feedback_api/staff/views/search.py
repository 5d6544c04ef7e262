"""Search analytics (/admin/search): top queries, content gaps, click-through rate per day."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from feedback_api.staff import filters as filtering
from feedback_api.staff import search_report
from feedback_api.staff.context import Staff
from feedback_api.auth.gate import Visit, requires
from feedback_api.i18n import msg
from feedback_api.staff.roles import Permission

# The contributions feature's "turn a content gap into an open question" form; it prefills its
# title and source from the query string (feedback_api/contrib/review_views.py: questions_page).
QUESTIONS_URL = "/admin/review/questions"


@requires(Permission.VIEW_DASHBOARD)
async def search_analytics(request: Request, staff: Staff, visit: Visit) -> Response:
    chosen = filtering.parse(request.query_params)
    languages = sorted(set(staff.catalogue().languages()) | ({chosen.lang} if chosen.lang else set()))
    data = await staff.report(search_report.build, chosen)
    return staff.templates.render(request, "search.html", {
        "visit": visit, "title": msg("search_report.title"), "page": "search", "filters": chosen,
        "languages": languages, "data": data, "questions_url": QUESTIONS_URL,
        # Making a question is a reviewer's job (the review pages' permission).
        "can_ask": visit.user.can(Permission.TRIAGE_COMMENTS),
        "Permission": Permission,
    })
