"""The contributions feature's routes, its review pages (admin routes, under /admin/review,
each behind the staff gate), and its manifest hook."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from feedback_api.auth import language
from feedback_api.contrib import api, auth_views, helpful, pages, review_views, rewards
from feedback_api.contrib.context import Contrib, ReviewStaff
from feedback_api.features import Parts
from feedback_api.staff.orm import orm

log = logging.getLogger("feedback_api.contrib")
STATIC = Path(__file__).resolve().parent / "static"
API = "/api/v1"
REVIEW = "/review"  # under /admin

def _bind(endpoint, ctx):
    @functools.wraps(endpoint)
    async def bound(request):
        return await endpoint(request, ctx)

    return bound


def on_manifest(contrib: Contrib, manifest) -> None:
    """Publish approved submissions the new build contains and grant their rewards (idempotent)."""
    try:
        result = contrib.db.write_sync(orm(lambda db: rewards.on_manifest(db, manifest)))
        contrib.db.write_sync(orm(helpful.sweep))
    except Exception:  # a database not migrated yet must not stop the service from starting
        log.exception("contributions: handling the new manifest failed")
        return
    if result["published"] or result["reverted"]:
        log.info("contributions: build %s published %d, reverted %d", manifest.build_id, result["published"], result["reverted"])


def _subscribe(contrib: Contrib) -> None:
    store = contrib.deps.manifest
    hook = functools.partial(on_manifest, contrib)
    store.on_reload.append(hook)
    # The store read the file before we subscribed: handle the build that is already there.
    if store.current().pages:
        hook(store.current())


def build(settings, deps) -> Parts:
    """The feature's parts, all sharing one ``Contrib`` (and its ``ReviewStaff``)."""
    ctx = Contrib.build(settings, deps)
    _subscribe(ctx)
    return Parts(routes=routes(ctx), admin_routes=admin_routes(ctx.staff))


def routes(ctx: Contrib) -> list:
    def html(path, endpoint, methods=("GET",)):
        return Route(path, _bind(endpoint, ctx), methods=list(methods), include_in_schema=False)

    def json(path, endpoint, methods=("GET",)):
        return Route(f"{API}{path}", _bind(endpoint, ctx), methods=list(methods))

    return [
        json("/submissions", api.post_submission, ("POST",)),
        json("/submissions", api.list_submissions),
        json("/submissions/{id}/revisions", api.post_revision, ("POST",)),
        json("/previews", api.post_preview, ("POST",)),
        json("/questions", api.get_questions),
        json("/leaderboard", api.get_leaderboard),
        json("/contributors/me", api.get_me),
        html("/contribute", _to_profile),
        html("/contribute/", _to_profile),
        html("/contribute/register", auth_views.register_form),
        html("/contribute/register", auth_views.register, ("POST",)),
        html("/contribute/login", auth_views.login_form),
        html("/contribute/login", auth_views.login, ("POST",)),
        html("/contribute/logout", auth_views.logout, ("POST",)),
        html("/contribute/profile", pages.profile_page),
        html("/contribute/edit/{article_id:path}", pages.edit_page),
        html("/contribute/new", pages.new_page),
        html("/contribute/submissions/{id}", pages.submission_page),
        html("/contribute/questions", pages.questions_page),
        html("/contribute/leaderboard", pages.leaderboard_page),
        html("/contribute/people/{handle}", pages.person_page),
        html("/contribute/language", language.switch, ("POST",)),
        Mount("/contribute/static", app=StaticFiles(directory=STATIC), name="contrib_static"),
    ]


async def _to_profile(request, ctx):
    return RedirectResponse("/contribute/profile", status_code=307)


def admin_routes(staff: ReviewStaff) -> list:
    def page(path, endpoint, methods=("GET",)):
        return Route(REVIEW + path, _bind(endpoint, staff), methods=list(methods), include_in_schema=False)

    return [
        page("", review_views.queue_page),
        page("/questions", review_views.questions_page),
        page("/questions", review_views.create_question, ("POST",)),
        page("/questions/{qid:int}/close", review_views.close_question, ("POST",)),
        page("/points", review_views.points_page),
        page("/points", review_views.adjust_points, ("POST",)),
        page("/rewards/{rid:int}", review_views.settle_reward, ("POST",)),
        page("/{id}", review_views.detail),
        page("/{id}/preview", review_views.preview),
        page("/{id}/claim", review_views.claim, ("POST",)),
        page("/{id}/decide", review_views.decide, ("POST",)),
    ]
