"""Search analytics (/admin/search): top queries, content gaps, click-through rate per day; what
search learned from readers (reset per query); synonyms proposed from content gaps."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from feedback_api.auth.gate import Visit, requires
from feedback_api.i18n import msg
from feedback_api.search import learning, proposals
from feedback_api.staff import audit, search_report
from feedback_api.staff import filters as filtering
from feedback_api.staff.context import Staff
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission

# The contributions feature's "turn a content gap into an open question" form; it prefills its
# title and source from the query string (feedback_api/contrib/review_views.py: questions_page).
QUESTIONS_URL = "/admin/review/questions"
BACK = "/admin/search"
LEARNED_SHOWN = 100  # queries, those with the most visitors first


@requires(Permission.VIEW_DASHBOARD)
async def search_analytics(request: Request, staff: Staff, visit: Visit) -> Response:
    chosen = filtering.parse(request.query_params)
    languages = sorted(set(staff.catalogue().languages()) | ({chosen.lang} if chosen.lang else set()))
    data = await staff.report(search_report.build, chosen)
    learned = (await staff.report(learning.load))[:LEARNED_SHOWN]
    pending = await staff.report(proposals.pending)
    return staff.templates.render(request, "search.html", {
        "visit": visit, "title": msg("search_report.title"), "page": "search", "filters": chosen,
        "languages": languages, "data": data, "questions_url": QUESTIONS_URL,
        # one row per (query, page); the query's cells only on its first
        "learned_rows": [(q, p, i == 0) for q in learned for i, p in enumerate(q.pages)], "min_visitors": learning.learned.MIN_VISITORS, "pending_synonyms": pending,
        # Making a question, resetting what was learned, proposing synonyms: a reviewer's job.
        "can_ask": visit.user.can(Permission.TRIAGE_COMMENTS),
        "Permission": Permission,
    })


@requires(Permission.TRIAGE_COMMENTS)
async def reset_learned(request: Request, staff: Staff, visit: Visit) -> Response:
    """Forget what readers' clicks and votes taught search for one query (all workers within
    KB_SEARCH_LEARN_SECONDS)."""
    qkey = str(visit.form.get("query_key") or "")[:200]
    viewer = visit.user

    @orm
    def apply(db):
        n = learning.reset(db.connection(), qkey)
        if n:
            audit.record(db, "search.learned_reset", actor=db.get(Account, viewer.id), target=qkey,
                         details={"signals": n}, client=staff.client_ip(request))

    await staff.db.write(apply)
    return RedirectResponse(BACK + "#learned", status_code=303)


@requires(Permission.TRIAGE_COMMENTS)
async def propose_synonyms(request: Request, staff: Staff, visit: Visit) -> Response:
    """A synonym group for a content-gap query, waiting for ``kb synonyms export``."""
    query, words = str(visit.form.get("query") or ""), str(visit.form.get("words") or "")
    try:
        group = proposals.group_of(query, words)
    except proposals.ProposalError as exc:
        return staff.refuse(request, visit, 400, msg("search_report.synonyms_refused"), exc.args[0])
    viewer = visit.user

    @orm
    def apply(db):
        account = db.get(Account, viewer.id)
        proposals.propose(db.connection(), query, words, account.email if account else None)
        audit.record(db, "search.synonyms_proposed", actor=account, target=group[0], details={"words": group},
                     client=staff.client_ip(request))

    await staff.db.write(apply)
    return RedirectResponse(BACK + "#synonyms", status_code=303)
