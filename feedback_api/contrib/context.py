"""What every contributions view needs, built once by ``routes()``, and the contributor gate.

The gate mirrors the staff one (feedback_api/staff/guard.py): CSRF first on every POST, then the
session from the signed cookie, then the sign-in requirement; the cookie is re-issued when it
was missing so the next form always has a token. API calls send the token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.bodies import unstorable_fields
from feedback_api.contrib import helpful, identity
from feedback_api.contrib.config import ContribSettings
from feedback_api.errors import ApiError
from feedback_api.staff import sessions
from feedback_api.staff.context import Staff
from feedback_api.staff.guard import _same_origin  # the staff gate's Origin check, reused as is
from feedback_api.staff.orm import orm
from feedback_api.staff.templating import TEMPLATES as STAFF_TEMPLATES
from feedback_api.staff.templating import Templates

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Contributor pages run one script of ours (contribute.js: JSON submissions, previews, the
# visitor token at sign-in); everything else stays as strict as the dashboard's policy.
PUBLIC_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' https: data:; script-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
SWEEP_INTERVAL = 60.0  # seconds between helpful-vote sweeps triggered by reads


def make_templates() -> Templates:
    templates = Templates()
    # Ours first, then the staff templates: review pages extend the dashboard's base.html.
    templates.env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(STAFF_TEMPLATES)])
    return templates


@dataclass
class ReviewStaff(Staff):
    """The staff context plus this feature's settings, for the review pages behind the staff gate."""

    contrib_config: ContribSettings = field(default_factory=ContribSettings)

    @classmethod
    def build_for(cls, settings, deps, templates: Templates | None = None) -> ReviewStaff:
        base = Staff.build(settings, deps)
        # The staff gate renders its error page with our templates (which fall back to its own).
        return cls(**{**vars(base), "templates": templates or make_templates()},
                   contrib_config=ContribSettings.from_environ(getattr(settings, "environ", None)))


@dataclass
class Contrib:
    settings: Any
    deps: Any
    config: ContribSettings
    codec: identity.ContributorCookie
    templates: Templates
    staff: ReviewStaff
    _swept_at: float = field(default=float("-inf"))

    @classmethod
    def build(cls, settings, deps) -> Contrib:
        templates = make_templates()
        staff = ReviewStaff.build_for(settings, deps, templates)
        return cls(settings, deps, staff.contrib_config, identity.ContributorCookie(settings.secret_key or ""),
                   templates, staff)

    @property
    def db(self):
        return self.deps.db

    def manifest(self):
        return self.deps.manifest.current()  # also fires on_reload when a new build landed

    async def maybe_sweep(self) -> None:
        if time.monotonic() - self._swept_at < SWEEP_INTERVAL:
            return
        self._swept_at = time.monotonic()
        await self.db.write(orm(helpful.sweep))

    def render(self, request: Request, name: str, ctx: dict, status: int = 200) -> Response:
        return self.templates.render(request, name, ctx, status, PUBLIC_HEADERS)


@dataclass
class Visit:
    cookie: sessions.CookieState
    contributor: identity.Contributor | None = None
    form: FormData | None = None

    @property
    def csrf(self) -> str:
        return self.cookie.csrf


def page(signed_in: bool):
    """Contributor HTML pages; ``signed_in`` pages send visitors to the sign-in form first."""

    def wrap(fn):
        @functools.wraps(fn)
        async def endpoint(request: Request, contrib: Contrib) -> Response:
            visit = Visit(cookie=contrib.codec.read(request))
            response = await _gate(fn, request, contrib, visit, signed_in)
            if visit.cookie.changed:
                contrib.codec.write(response, request, visit.cookie)
            return response

        return endpoint

    return wrap


async def _gate(fn, request: Request, contrib: Contrib, visit: Visit, signed_in: bool) -> Response:
    if request.method == "POST":
        visit.form = await request.form(max_files=0, max_fields=20)
        if not sessions.csrf_ok(visit.cookie, visit.form.get("csrf_token")) or not _same_origin(request):
            return contrib.render(request, "c_error.html", {"visit": visit, "title": "Form expired",
                                  "message": "This form has expired or did not come from this site. Reload the page and try again."}, 403)
        if unstorable_fields(visit.form.multi_items()):
            return contrib.render(request, "c_error.html", {"visit": visit, "title": "Invalid characters",
                                  "message": "The form contains a NUL character, which cannot be saved. Remove it and try again."}, 422)
    if visit.cookie.sid:
        visit.contributor = await contrib.db.read(orm(identity.resolve), visit.cookie.sid)
        if visit.contributor is None:
            visit.cookie = sessions.CookieState(sid=None, csrf=sessions.new_token(), changed=True)
    if signed_in and visit.contributor is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/contribute/login?" + urlencode({"next": target}), status_code=303)
    return await fn(request, contrib, visit)


async def api_contributor(request: Request, contrib: Contrib) -> identity.Contributor:
    """The signed-in contributor of an API call; POSTs must carry the CSRF token as a header."""
    cookie = contrib.codec.read(request)
    if request.method == "POST" and (not sessions.csrf_ok(cookie, request.headers.get("x-csrf-token")) or not _same_origin(request)):
        raise ApiError(403, "csrf_failed", "Missing or wrong X-CSRF-Token header: reload the page and try again.")
    contributor = await contrib.db.read(orm(identity.resolve), cookie.sid) if cookie.sid else None
    if contributor is None:
        raise ApiError(401, "not_signed_in", "Sign in as a contributor first.", {"sign_in": "/contribute/login"})
    return contributor


def safe_next(target: str | None) -> str:
    if target and target.startswith("/contribute/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/contribute/profile"
