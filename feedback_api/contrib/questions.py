"""Open questions with a bounty, made by staff from content gaps.

Gaps come from two tables other features own: "not helpful" votes with a comment (core votes)
and searches that found nothing (search analytics). Both are read only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback_api.contrib import rules
from feedback_api.contrib.models import Question
from feedback_api.i18n import msg
from feedback_api.staff import audit
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account
from feedback_api.storage.votes import votes

GAP_WINDOW = dt.timedelta(days=30)


class QuestionError(ValueError):
    pass


def open_questions(db: Session, limit: int = 100) -> list[Question]:
    return list(db.scalars(select(Question).where(Question.state == "open")
                           .order_by(Question.bounty.desc(), Question.id).limit(limit)))


def all_questions(db: Session, limit: int = 200) -> list[Question]:
    return list(db.scalars(select(Question).order_by(Question.id.desc()).limit(limit)))


def create(db: Session, *, title: str, details: str | None, bounty: int, actor: Account, source: str | None = None,
           lang: str = "en", category: str | None = None, client: str | None = None) -> Question:
    title = (title or "").strip()
    if not 3 <= len(title) <= 200:
        raise QuestionError(msg("review.question_title"))
    if not rules.MIN_BOUNTY <= bounty <= rules.MAX_BOUNTY:
        raise QuestionError(msg("review.bounty_range", min=rules.MIN_BOUNTY, max=rules.MAX_BOUNTY))
    question = Question(title=title, details=(details or "").strip()[:4000] or None, bounty=bounty, source=source,
                        lang=lang if lang in ("en", "zh") else "en", category=category or None,
                        state="open", created_by_id=actor.id, created_at=utcnow())
    db.add(question)
    db.flush()
    audit.record(db, "contrib.question", actor=actor, target=f"question:{question.id}",
                 details={"title": title, "bounty": bounty, "source": source}, client=client)
    return question


def close(db: Session, question_id: int, actor: Account, client: str | None = None) -> bool:
    question = db.get(Question, question_id)
    if question is None or question.state != "open":
        return False
    question.state = "closed"
    audit.record(db, "contrib.question_close", actor=actor, target=f"question:{question_id}", client=client)
    return True


def as_dict(q: Question) -> dict:
    return {"id": q.id, "title": q.title, "details": q.details, "bounty": q.bounty, "lang": q.lang,
            "category": q.category, "state": q.state, "created_at": q.created_at.isoformat() if q.created_at else None}


def unhelpful_comments(db: Session, limit: int = 20) -> list[dict]:
    since = utcnow() - GAP_WINDOW
    rows = db.execute(select(votes.c.id, votes.c.article_id, votes.c.comment, votes.c.reason)
                      .where(votes.c.helpful.is_(False), votes.c.comment.is_not(None), votes.c.created_at >= since)
                      .order_by(votes.c.created_at.desc()).limit(limit))
    return [{"vote_id": i, "article_id": a, "comment": c, "reason": r} for i, a, c, r in rows if (c or "").strip()]


def empty_searches(db: Session, limit: int = 20) -> list[dict]:
    try:
        from feedback_api.search.models import SearchQuery
    except ImportError:  # the search feature is not installed in this checkout
        return []
    since = utcnow() - GAP_WINDOW
    n = func.count().label("n")
    rows = db.execute(select(SearchQuery.query, n).where(SearchQuery.result_count == 0, SearchQuery.created_at >= since)
                      .group_by(SearchQuery.query).order_by(n.desc(), SearchQuery.query).limit(limit))
    return [{"query": q, "count": int(c)} for q, c in rows]
