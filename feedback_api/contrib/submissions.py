"""Submissions from contributors: create, revise after "changes requested", list one's own.

Functions take an ORM Session inside the caller's write transaction (see staff/orm.py), so the
limits, the row and its event commit together or not at all.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.contrib import content, limits
from feedback_api.contrib.config import ContribSettings
from feedback_api.contrib.models import (
    CHANGES_REQUESTED,
    PENDING,
    Question,
    Submission,
    SubmissionEvent,
)
from feedback_api.contrib.schemas import RevisionIn, SubmissionIn
from feedback_api.errors import ApiError
from feedback_api.manifest import Manifest
from feedback_api.staff.clock import utcnow

_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # as generator.content.ids: read aloud, typed


def new_submission_id() -> str:
    return "sub-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def _invalid(field: str, problem: str) -> ApiError:
    return ApiError(422, "validation_error", "The request body is not valid.",
                    {"errors": [{"field": field, "problem": problem, "type": "value_error"}]})


def _edit_fields(data: SubmissionIn, manifest: Manifest, settings: ContribSettings) -> dict:
    page = manifest.get(data.article_id or "")
    if page is None or page.get("type") != "article":
        raise ApiError(404, "article_not_found", "No article with this id in the current site build.",
                       {"article_id": data.article_id})
    try:
        base = content.article_body(settings.content_dir, page.get("source"))
    except content.SourceUnavailable as exc:
        raise ApiError(409, "source_unavailable", "This article's Markdown is not available for editing.",
                       {"reason": str(exc)}) from None
    return {"article_id": page["id"], "source_path": page.get("source"), "title": data.title or page.get("title") or page["id"],
            "category": page.get("category"), "tags": list(page.get("tags") or []), "lang": page.get("lang") or "en",
            "base_body": base}


def _as_exported(body: str) -> str:
    # What `kb submissions export` would write: line endings and surrounding blank lines do not count.
    return body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def _refuse_unchanged(body: str, base_body: str | None) -> None:
    """An edit that changes nothing would cost a reviewer's time and earn points for nothing. (Export
    keeps the article's front matter, title included, so the body is the whole of an edit.)"""
    if base_body is not None and _as_exported(body) == _as_exported(base_body):
        raise ApiError(422, "unchanged", "Your text is identical to the current article: change something before "
                       "sending it for review.", {"field": "body"})


def _article_fields(db: Session, data: SubmissionIn, settings: ContribSettings) -> dict:
    if not data.title:
        raise _invalid("title", "A new article needs a title.")
    categories = content.known_categories(settings.content_dir)
    if data.category not in categories:
        raise _invalid("category", f"Choose one of: {', '.join(sorted(categories))}.")
    tags, unknown = content.resolve_tags(settings.content_dir, data.tags)
    if unknown:
        raise _invalid("tags", f"Unknown tags: {', '.join(unknown)}.")
    if data.question_id is not None:
        question = db.get(Question, data.question_id)
        if question is None or question.state != "open":
            raise ApiError(409, "question_closed", "This question is no longer open for answers.",
                           {"question_id": data.question_id})
    return {"article_id": None, "source_path": None, "title": data.title, "category": data.category,
            "tags": tags, "lang": data.lang or "en", "base_body": None}


def create(db: Session, account_id: int, data: SubmissionIn, manifest: Manifest, settings: ContribSettings) -> Submission:
    limits.check_counted(db, account_id, settings)
    if data.kind == "edit":
        if data.question_id is not None:
            raise _invalid("question_id", "Answers to questions are new articles (kind \"article\").")
        fields = _edit_fields(data, manifest, settings)
        _refuse_unchanged(data.body, fields["base_body"])
    else:
        fields = _article_fields(db, data, settings)
    now = utcnow()
    row = Submission(id=new_submission_id(), account_id=account_id, kind=data.kind, state=PENDING,
                     question_id=data.question_id, body=data.body, revision=1, created_at=now, queued_at=now, **fields)
    db.add(row)
    db.flush()
    db.add(SubmissionEvent(submission_id=row.id, kind="submitted", actor_id=account_id, revision=1, body=data.body, created_at=now))
    return row


def revise(db: Session, account_id: int, submission_id: str, data: RevisionIn, settings: ContribSettings) -> Submission:
    row = db.get(Submission, submission_id)
    if row is None or row.account_id != account_id:
        raise ApiError(404, "submission_not_found", "You have no submission with this id.", {"id": submission_id})
    if row.state != CHANGES_REQUESTED:
        raise ApiError(409, "not_revisable", "Only a submission with requested changes can be revised.",
                       {"id": submission_id, "state": row.state})
    if row.kind == "edit":
        _refuse_unchanged(data.body, row.base_body)
    limits.check_counted(db, account_id, settings)
    now = utcnow()
    row.body, row.revision, row.state, row.queued_at = data.body, row.revision + 1, PENDING, now
    if data.title:
        row.title = data.title
    row.claimed_by_id = row.claimed_at = None
    db.add(SubmissionEvent(submission_id=row.id, kind="revised", actor_id=account_id, revision=row.revision, body=data.body, created_at=now))
    return row


def mine(db: Session, account_id: int, limit: int = 100) -> list[Submission]:
    return list(db.scalars(select(Submission).where(Submission.account_id == account_id)
                           .order_by(Submission.created_at.desc()).limit(limit)))


def events(db: Session, submission_id: str) -> list[SubmissionEvent]:
    return list(db.scalars(select(SubmissionEvent).where(SubmissionEvent.submission_id == submission_id)
                           .order_by(SubmissionEvent.id)))


def as_dict(row: Submission) -> dict:
    return {"id": row.id, "kind": row.kind, "state": row.state, "title": row.title, "article_id": row.article_id,
            "question_id": row.question_id, "category": row.category, "tags": row.tags or [], "lang": row.lang,
            "revision": row.revision, "decision_note": row.decision_note,
            "created_at": row.created_at.isoformat() if row.created_at else None}
