"""The contributor side of the help center: profile, editors, questions, leaderboard.

Editors are plain forms; contribute.js sends them to POST /api/v1/submissions as JSON with the
CSRF header (the API is the one way in). Rendered Markdown on these pages is always the
sanitized HTML from sanitize.render.
"""

from __future__ import annotations

import dataclasses

from markupsafe import Markup
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth.gate import SIGNED_IN, Visit, requires
from feedback_api.contrib import content, ledger, notices, profile, questions, sanitize, submissions
from feedback_api.contrib.context import Contrib
from feedback_api.contrib.models import PUBLISHED, Question, Submission
from feedback_api.i18n import msg
from feedback_api.staff.orm import orm


@requires(SIGNED_IN)
async def profile_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    who = visit.user
    contrib.manifest()
    await contrib.maybe_sweep()

    @orm
    def load(db):
        return profile.summary(db, who.id), submissions.mine(db, who.id), notices.recent(db, who.id)

    standing, rows, notes = await contrib.db.read(load)
    if notes and who.unread:
        await contrib.db.write(orm(lambda db: notices.mark_read(db, who.id, notes[0].id)))
        visit.user = dataclasses.replace(who, unread=0)  # read now: the header counts none
    return contrib.render(request, "c_profile.html", {"visit": visit, "title": who.display_name, "standing": standing,
                          "submissions": rows, "notifications": notes})


@requires(SIGNED_IN)
async def edit_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    article_id = request.path_params["article_id"]
    entry = contrib.manifest().get(article_id)
    if entry is None or entry.get("type") != "article":
        return contrib.refuse(request, visit, 404, msg("ui.not_found"), msg("portal.no_such_article"))
    try:
        body = content.article_body(contrib.config.content_dir, entry.get("source"))
    except content.SourceUnavailable:
        return contrib.refuse(request, visit, 404, msg("ui.not_found"), msg("portal.no_markdown"))
    return contrib.render(request, "c_editor.html", {"visit": visit, "title": msg("portal.edit_title", title=entry.get("title")),
                          "mode": "edit", "article": entry, "body": body, "question": None, "categories": {},
                          "category": entry.get("category")})


@requires(SIGNED_IN)
async def new_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    question = None
    raw_q = request.query_params.get("question", "")
    if raw_q.isdigit():
        question = await contrib.db.read(orm(lambda db: db.get(Question, int(raw_q))))
        if question is None or question.state != "open":
            return contrib.refuse(request, visit, 404, msg("ui.not_found"), msg("portal.question_closed"))
    categories = content.known_categories(contrib.config.content_dir)
    category = request.query_params.get("category") or (question.category if question else None)
    return contrib.render(request, "c_editor.html", {
        "visit": visit, "title": msg("portal.answer_title", title=question.title) if question else msg("contribute_article"), "mode": "article",
        "article": None, "body": "", "question": question, "categories": categories,
        # a reader's search with no good answer links here with the question as ``title``
        "asked": request.query_params.get("title", "")[:200],
        "category": category if category in categories else None})


@requires(SIGNED_IN)
async def submission_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    sub_id, who = request.path_params["id"], visit.user

    @orm
    def load(db):
        row = db.get(Submission, sub_id)
        if row is None or row.account_id != who.id:
            return None, []
        return row, submissions.events(db, sub_id)

    row, history = await contrib.db.read(load)
    if row is None:
        return contrib.refuse(request, visit, 404, msg("ui.not_found"), msg("portal.no_such_submission"))
    return contrib.render(request, "c_submission.html", {"visit": visit, "title": row.title, "sub": row,
                          "history": history, "preview": Markup(sanitize.render(row.body))})


@requires()
async def questions_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    rows = await contrib.db.read(orm(questions.open_questions))
    return contrib.render(request, "c_questions.html", {"visit": visit, "title": msg("open_questions"), "questions": rows})


@requires()
async def leaderboard_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    window = request.query_params.get("window", "week")
    window = window if window in ledger.WINDOWS else "week"
    contrib.manifest()
    await contrib.maybe_sweep()
    rows = await contrib.db.read(orm(lambda db: ledger.leaderboard(db, window)))
    return contrib.render(request, "c_leaderboard.html", {"visit": visit, "title": msg("portal.leaderboard"), "window": window,
                          "leaders": rows, "windows": ledger.WINDOWS})


@requires()
async def person_page(request: Request, contrib: Contrib, visit: Visit) -> Response:
    """A contributor's public profile, linked from the pages that credit them: level, badges, published work."""
    manifest = contrib.manifest()
    await contrib.maybe_sweep()

    @orm
    def load(db):
        account = profile.by_handle(db, request.path_params["handle"])
        if account is None:
            return None, None, None, []
        published = list(db.scalars(select(Submission).where(Submission.account_id == account.id, Submission.state == PUBLISHED)
                                    .order_by(Submission.published_at.desc()).limit(50)))
        return account.display_name, profile.handle(account.id, account.display_name), profile.summary(db, account.id), published

    name, canonical, standing, published = await contrib.db.read(load)
    if standing is None:
        return contrib.refuse(request, visit, 404, msg("ui.not_found"), msg("portal.no_such_contributor"))
    if canonical != request.path_params["handle"]:  # renamed since the page was built: the id still finds them
        return RedirectResponse(f"/contribute/people/{canonical}", status_code=301)
    work = [(row.title, (manifest.get(row.article_id) or {}).get("url") if row.article_id else None) for row in published]
    return contrib.render(request, "c_person.html", {"visit": visit, "title": name or msg("portal.contributor"), "standing": standing,
                                                     "work": work})
