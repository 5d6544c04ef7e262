"""What every contributions view needs, built once by ``routes()``.

Contributor pages pass the auth gate (feedback_api/auth/gate.py) as the ``CONTRIBUTORS``
audience; the review pages under /admin/review pass it as staff (``ReviewStaff``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, pass_context
from starlette.requests import Request
from starlette.responses import Response

from feedback_api.auth.audience import Auth
from feedback_api.contrib import helpful, notices
from feedback_api.contrib.config import ContribSettings
from feedback_api.contrib.identity import CONTRIBUTORS
from feedback_api.staff.context import Staff, site_language
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


def make_templates(deps) -> Templates:
    templates = Templates(site_language(deps))
    # Ours first, then the staff templates: review pages extend the dashboard's base.html.
    templates.env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(STAFF_TEMPLATES)])
    templates.env.filters["notice"] = pass_context(lambda ctx, n: notices.text(n, ctx["lang"]))
    return templates


@dataclass
class ReviewStaff(Staff):
    """The staff context plus this feature's settings, for the review pages behind the staff gate."""

    contrib_config: ContribSettings = field(default_factory=ContribSettings)

    @classmethod
    def build_for(cls, settings, deps, templates: Templates | None = None) -> ReviewStaff:
        base = Staff.build(settings, deps)
        # The staff gate renders its error page with our templates (which fall back to its own).
        return cls(**{**vars(base), "templates": templates or make_templates(deps)},
                   contrib_config=ContribSettings.from_environ(getattr(settings, "environ", None)))


@dataclass
class Contrib:
    settings: Any
    deps: Any
    config: ContribSettings
    auth: Auth
    templates: Templates
    staff: ReviewStaff
    _swept_at: float = field(default=float("-inf"))

    @classmethod
    def build(cls, settings, deps) -> Contrib:
        templates = make_templates(deps)
        staff = ReviewStaff.build_for(settings, deps, templates)
        # One throttle policy for both audiences: the failures are counted in the same table.
        return cls(settings, deps, staff.contrib_config, Auth.build(CONTRIBUTORS, settings, deps, staff.auth.policy),
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
        # The header's sign-in links come back to this page (the sign-in pages pass their own `next` on).
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        here_query = ctx.get("return_query", self.auth.audience.return_query(here))
        return self.templates.render(request, name, {"here_query": here_query, **ctx}, status, PUBLIC_HEADERS)

    def refuse(self, request: Request, visit, status: int, title: str, message: str) -> Response:
        """The contributor pages' error page (the auth gate's refusals too)."""
        return self.render(request, "c_error.html", {"visit": visit, "title": title, "message": message}, status)
