"""The review queue: oldest first, one reviewer per item, decisions audited and notified.

Claiming is one conditional UPDATE (``WHERE state = 'pending'``); the database lets exactly one
of two concurrent claims change the row, and a decision is another conditional UPDATE that only
the claiming reviewer's request can match, so two reviewers never decide the same item.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from feedback_api.contrib import notices, rewards
from feedback_api.contrib.models import (
    APPROVED,
    CHANGES_REQUESTED,
    IN_REVIEW,
    PENDING,
    PUBLISHED,
    REJECTED,
    Question,
    Reward,
    Submission,
    SubmissionEvent,
)
from feedback_api.i18n import msg
from feedback_api.staff import audit
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account

# A claim nobody acted on for this long goes back to the queue (the reviewer closed the tab).
CLAIM_TIMEOUT = dt.timedelta(minutes=30)
DECISIONS = {"approve": APPROVED, "reject": REJECTED, "request_changes": CHANGES_REQUESTED}
_table = Submission.__table__


class ReviewError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def queue(db: Session, limit: int = 100) -> list[Submission]:
    stale = utcnow() - CLAIM_TIMEOUT
    return list(db.scalars(
        select(Submission).where(or_(Submission.state == PENDING,
                                     and_(Submission.state == IN_REVIEW, Submission.claimed_at < stale)))
        .order_by(Submission.queued_at, Submission.id).limit(limit)
    ))


def in_review_by(db: Session, reviewer_id: int) -> list[Submission]:
    return list(db.scalars(select(Submission).where(Submission.state == IN_REVIEW, Submission.claimed_by_id == reviewer_id)
                           .order_by(Submission.queued_at)))


def claim(db: Session, submission_id: str, reviewer: Account, client: str | None = None) -> bool:
    now = utcnow()
    result = db.execute(
        update(_table)
        .where(_table.c.id == submission_id,
               or_(_table.c.state == PENDING, and_(_table.c.state == IN_REVIEW, _table.c.claimed_at < now - CLAIM_TIMEOUT)))
        .values(state=IN_REVIEW, claimed_by_id=reviewer.id, claimed_at=now)
    )
    if result.rowcount != 1:
        return False
    row = db.get(Submission, submission_id)
    db.refresh(row)
    db.add(SubmissionEvent(submission_id=submission_id, kind="claimed", actor_id=reviewer.id, revision=row.revision, created_at=now))
    audit.record(db, "contrib.claim", actor=reviewer, target=submission_id, client=client)
    return True


def decide(db: Session, submission_id: str, decision: str, reviewer: Account, note: str | None,
           client: str | None = None) -> Submission:
    state = DECISIONS.get(decision)
    if state is None:
        raise ReviewError(400, msg("review.unknown_decision"))
    note = (note or "").strip()[:4000] or None
    if state in (REJECTED, CHANGES_REQUESTED) and not note:
        raise ReviewError(400, msg("review.reason_required"))
    now = utcnow()
    result = db.execute(
        update(_table)
        .where(_table.c.id == submission_id, _table.c.state == IN_REVIEW, _table.c.claimed_by_id == reviewer.id)
        .values(state=state, decided_by_id=reviewer.id, decided_at=now, decision_note=note)
    )
    if result.rowcount != 1:
        raise ReviewError(409, msg("review.not_claimed"))
    row = db.get(Submission, submission_id)
    db.refresh(row)
    db.add(SubmissionEvent(submission_id=row.id, kind=state, actor_id=reviewer.id, revision=row.revision, note=note, created_at=now))
    details = {"decision": decision, "revision": row.revision, "contributor_id": row.account_id}
    if note:
        details["note"] = note[:500]
    if state == APPROVED:
        accepted = _accept_answer(db, row)
        details["rewards"] = rewards.queue_for(db, row, accepted_bounty=accepted)
    audit.record(db, f"contrib.{decision}", actor=reviewer, target=row.id, details=details, client=client)
    waiting = sum(db.scalars(select(Reward.points).where(Reward.submission_id == row.id, Reward.state == "pending")))
    values = {"title": row.title, "note": note, **({"n": waiting} if state == APPROVED else {})}  # n: the plural's count
    db.add(notices.new(_NOTICE[state], values,
                       account_id=row.account_id, submission_id=row.id, created_at=now))
    return row


def _accept_answer(db: Session, row: Submission) -> int | None:
    """The first approved answer to an open question is the accepted one; returns its bounty."""
    if row.question_id is None:
        return None
    q = Question.__table__
    result = db.execute(update(q).where(q.c.id == row.question_id, q.c.state == "open")
                        .values(state="answered", accepted_submission_id=row.id))
    if result.rowcount != 1:
        return None
    return db.get(Question, row.question_id).bounty


_NOTICE = {APPROVED: "notice.approved", REJECTED: "notice.rejected", CHANGES_REQUESTED: "notice.changes_requested"}


def track_record(db: Session, account_id: int) -> dict[str, int]:
    rows = db.execute(select(Submission.state, func.count()).where(Submission.account_id == account_id).group_by(Submission.state))
    counts = {state: int(n) for state, n in rows}
    return {
        "submitted": sum(counts.values()),
        "accepted": counts.get(APPROVED, 0) + counts.get(PUBLISHED, 0),
        "rejected": counts.get(REJECTED, 0),
        "changes_requested": counts.get(CHANGES_REQUESTED, 0),
        "waiting": counts.get(PENDING, 0) + counts.get(IN_REVIEW, 0),
    }
