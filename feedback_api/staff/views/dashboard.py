"""The overview (/admin/) and content health (/admin/health) pages."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response

from feedback_api.auth.gate import Visit, requires
from feedback_api.i18n import msg
from feedback_api.staff import filters as filtering
from feedback_api.staff import health, report
from feedback_api.staff.context import Staff
from feedback_api.staff.roles import Permission


def _filter_context(staff: Staff, request: Request, visit: Visit):
    catalogue = staff.catalogue()
    chosen = filtering.parse(request.query_params)
    return catalogue, chosen, {
        "visit": visit,
        "filters": chosen,
        "categories": catalogue.categories(),
        "languages": catalogue.languages(),
        "Permission": Permission,
    }


@requires(Permission.VIEW_DASHBOARD)
async def overview(request: Request, staff: Staff, visit: Visit) -> Response:
    catalogue, chosen, context = _filter_context(staff, request, visit)
    data = await staff.report(report.overview, chosen, catalogue)
    return staff.templates.render(
        request, "overview.html", {**context, "title": msg("staff.overview_title"), "data": data, "page": "overview"}
    )


def _threshold(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return min(max(value, 0.0), 1.0)


@requires(Permission.VIEW_DASHBOARD)
async def content_health(request: Request, staff: Staff, visit: Visit) -> Response:
    catalogue, chosen, context = _filter_context(staff, request, visit)
    threshold = _threshold(request.query_params.get("threshold"), staff.health_threshold)
    today = dt.datetime.now(dt.UTC).date()
    found = await staff.report(health.problems, chosen, catalogue, threshold, today)
    return staff.templates.render(
        request, "health.html",
        {**context, "title": msg("staff.health"), "problems": found, "threshold": threshold, "page": "health"},
    )
