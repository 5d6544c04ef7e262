"""The staff feature's routes: its pages, as admin routes (mounted under /admin by ``create_app``)."""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from feedback_api.auth import language
from feedback_api.staff.context import Staff
from feedback_api.staff.views import audit_log, auth, comments, dashboard, export, search, users

STATIC = Path(__file__).resolve().parent / "static"


def _bind(endpoint, staff: Staff):
    @functools.wraps(endpoint)
    async def bound(request):
        return await endpoint(request, staff)

    return bound


async def _to_slash(request):
    return RedirectResponse("/admin/", status_code=307)


def routes() -> list:
    # /admin without the slash: the /admin mount would not match it.
    return [Route("/admin", _to_slash, name="staff_root", include_in_schema=False)]


def admin_routes(settings, deps) -> list:
    staff = Staff.build(settings, deps)

    def page(path, endpoint, methods=("GET",), name=None):
        return Route(path, _bind(endpoint, staff), methods=list(methods), name=name, include_in_schema=False)

    return [
        page("/", dashboard.overview, name="overview"),
        page("/health", dashboard.content_health, name="health"),
        page("/search", search.search_analytics, name="search"),
        page("/export.csv", export.export_csv, name="export"),
        page("/login", auth.login_form, name="login_form"),
        page("/login", auth.login, methods=("POST",), name="login"),
        page("/logout", auth.logout, methods=("POST",), name="logout"),
        page("/comments/{vote_id:int}/triage", comments.triage, methods=("POST",), name="triage"),
        page("/users", users.list_users, name="users"),
        page("/users", users.create_user, methods=("POST",), name="create_user"),
        page("/users/{account_id:int}", users.update_user, methods=("POST",), name="update_user"),
        page("/audit", audit_log.audit_log, name="audit"),
        page("/language", language.switch, methods=("POST",), name="language"),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
