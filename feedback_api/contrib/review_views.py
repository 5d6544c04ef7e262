"""Staff pages under /admin/review: the queue, one submission, open questions, points.

They pass the auth gate as staff (feedback_api/auth/gate.py: staff session, CSRF, permission). The
roles module has no contributions permission yet, so reviewing needs TRIAGE_COMMENTS — the
permission reviewers and admins have and viewers lack.
"""

from __future__ import annotations

import secrets

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth.gate import Visit, requires
from feedback_api.contrib import content, questions, review, rewards, sanitize, site_preview, submissions
from feedback_api.contrib import diff as word_diff
from feedback_api.contrib.models import IN_REVIEW, Question, Reward, Submission
from feedback_api.i18n import msg
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission

REVIEW = Permission.TRIAGE_COMMENTS


def _ctx(visit, title, **extra):
    return {"visit": visit, "title": title, "page": "review", **extra}


@requires(REVIEW)
async def queue_page(request: Request, staff, visit: Visit) -> Response:
    me = visit.user.id
    rows, mine = await staff.db.read(orm(lambda db: (review.queue(db), review.in_review_by(db, me))))
    notice = {"taken": msg("review.taken")}.get(request.query_params.get("notice", ""))
    return staff.templates.render(request, "r_queue.html", _ctx(visit, msg("review.queue_title"), rows=rows, mine=mine, notice=notice))


@requires(REVIEW)
async def claim(request: Request, staff, visit: Visit) -> Response:
    sub_id, me, ip = request.path_params["id"], visit.user.id, staff.client_ip(request)
    ok = await staff.db.write(orm(lambda db: review.claim(db, sub_id, db.get(Account, me), ip)))
    if not ok:
        return RedirectResponse("/admin/review?notice=taken", status_code=303)
    return RedirectResponse(f"/admin/review/{sub_id}", status_code=303)


@requires(REVIEW)
async def detail(request: Request, staff, visit: Visit) -> Response:
    sub_id = request.path_params["id"]

    @orm
    def load(db):
        row = db.get(Submission, sub_id)
        if row is None:
            return None
        author = db.get(Account, row.account_id)
        question = db.get(Question, row.question_id) if row.question_id else None
        return row, author, question, submissions.events(db, sub_id), review.track_record(db, row.account_id)

    loaded = await staff.db.read(load)
    if loaded is None:
        return staff.refuse(request, visit, 404, msg("ui.not_found"), msg("review.no_such_submission"))
    row, author, question, history, record = loaded
    diff = None
    if row.kind == "edit":
        try:  # against the article as it is now; the text it was based on if the file is gone
            current = content.article_body(staff.contrib_config.content_dir, row.source_path)
        except content.SourceUnavailable:
            current = row.base_body or ""
        diff = word_diff.render(current, row.body)
    return staff.templates.render(request, "r_detail.html", _ctx(
        visit, msg("review.detail_title", title=row.title), sub=row, author=author, question=question, history=history, record=record,
        diff=diff, mine=row.state == IN_REVIEW and row.claimed_by_id == visit.user.id, error=None),
        headers={"Content-Security-Policy": site_preview.FRAMING_CSP})


@requires(REVIEW)
async def preview(request: Request, staff, visit: Visit) -> Response:
    """The submission as the published page will show it (framed by the review page)."""
    row = await staff.db.read(orm(lambda db: db.get(Submission, request.path_params["id"])))
    if row is None:
        return staff.refuse(request, visit, 404, msg("ui.not_found"), msg("review.no_such_submission"))
    return staff.templates.render(request, "r_preview.html", {
        "title": row.title, "content_lang": row.lang or "en", "body": Markup(sanitize.render(row.body)),
        "styles": site_preview.site_stylesheets(staff.settings.site_dir)}, headers=site_preview.FRAMED_HEADERS)


@requires(REVIEW)
async def decide(request: Request, staff, visit: Visit) -> Response:
    sub_id, me, ip = request.path_params["id"], visit.user.id, staff.client_ip(request)
    decision, note = str(visit.form.get("decision") or ""), str(visit.form.get("note") or "")
    try:
        await staff.db.write(orm(lambda db: review.decide(db, sub_id, decision, db.get(Account, me), note, ip)))
    except review.ReviewError as exc:
        return staff.refuse(request, visit, exc.status, msg("review.not_decided"), exc.message)
    return RedirectResponse("/admin/review", status_code=303)


@requires(REVIEW)
async def questions_page(request: Request, staff, visit: Visit, *, error: str | None = None, status: int = 200) -> Response:
    @orm
    def load(db):
        return questions.all_questions(db), questions.unhelpful_comments(db), questions.empty_searches(db)

    rows, comments, searches = await staff.db.read(load)
    prefill = {"title": request.query_params.get("title", ""), "source": request.query_params.get("source", "")}
    return staff.templates.render(request, "r_questions.html", _ctx(
        visit, msg("open_questions"), questions=rows, comments=comments, searches=searches, error=error, prefill=prefill,
        categories=content.known_categories(staff.contrib_config.content_dir)), status)


@requires(REVIEW)
async def create_question(request: Request, staff, visit: Visit) -> Response:
    form, me, ip = visit.form, visit.user.id, staff.client_ip(request)
    raw_bounty = str(form.get("bounty") or "")

    @orm
    def create(db):
        questions.create(db, title=str(form.get("title") or ""), details=str(form.get("details") or ""),
                         bounty=int(raw_bounty) if raw_bounty.isdigit() else -1, actor=db.get(Account, me),
                         source=str(form.get("source") or "")[:400] or None, lang=str(form.get("lang") or "en"),
                         category=str(form.get("category") or "") or None, client=ip)

    try:
        await staff.db.write(create)
    except questions.QuestionError as exc:
        return staff.refuse(request, visit, 400, msg("review.question_not_created"), exc.args[0])
    return RedirectResponse("/admin/review/questions", status_code=303)


@requires(REVIEW)
async def close_question(request: Request, staff, visit: Visit) -> Response:
    qid, me, ip = request.path_params["qid"], visit.user.id, staff.client_ip(request)
    await staff.db.write(orm(lambda db: questions.close(db, qid, db.get(Account, me), ip)))
    return RedirectResponse("/admin/review/questions", status_code=303)


@requires(REVIEW)
async def points_page(request: Request, staff, visit: Visit) -> Response:
    @orm
    def load(db):
        rows = rewards.pending(db)
        names = {a.id: a.email for a in db.query(Account).filter(Account.id.in_({r.account_id for r in rows}))} if rows else {}
        return rows, names

    rows, names = await staff.db.read(load)
    return staff.templates.render(request, "r_points.html", _ctx(visit, msg("review.points_and_rewards"), rewards=rows, names=names,
                                  key=secrets.token_urlsafe(16)))


@requires(Permission.MANAGE_USERS)
async def adjust_points(request: Request, staff, visit: Visit) -> Response:
    form, me, ip = visit.form, visit.user.id, staff.client_ip(request)
    raw = str(form.get("points") or "").strip()

    @orm
    def write(db):
        from feedback_api.staff.accounts import find

        account = find(db, str(form.get("email") or ""))
        if account is None:
            raise ValueError(msg("review.no_account"))
        # The form's one-time key makes a double-clicked or resubmitted form write one row.
        return rewards.manual(db, account=account, points=int(raw) if raw.lstrip("-").isdigit() else 0,
                              reason=str(form.get("reason") or ""), actor=db.get(Account, me),
                              key=str(form.get("key") or secrets.token_urlsafe(16))[:100], client=ip)

    try:
        await staff.db.write(write)
    except ValueError as exc:
        return staff.refuse(request, visit, 400, msg("review.points_not_changed"), exc.args[0])
    return RedirectResponse("/admin/review/points", status_code=303)


@requires(Permission.MANAGE_USERS)
async def settle_reward(request: Request, staff, visit: Visit) -> Response:
    rid, me, ip = request.path_params["rid"], visit.user.id, staff.client_ip(request)
    action, reason = str(visit.form.get("action") or ""), str(visit.form.get("reason") or "").strip()
    if not reason:
        return staff.refuse(request, visit, 400, msg("review.reward_unchanged"), msg("review.give_reason"))

    @orm
    def settle(db):
        from feedback_api.staff import audit

        reward = db.get(Reward, rid)
        if reward is None:
            return False
        done = (rewards.grant(db, reward, f"Granted by staff: {reason}", actor_id=me) if action == "grant"
                else rewards.revoke_pending(db, reward, reason) if action == "revoke" else False)
        if done:
            audit.record(db, f"contrib.reward_{action}", actor=db.get(Account, me), target=reward.submission_id,
                         details={"reward": reward.id, "rule": reward.rule, "points": reward.points, "reason": reason}, client=ip)
        return done

    await staff.db.write(settle)
    return RedirectResponse("/admin/review/points", status_code=303)
