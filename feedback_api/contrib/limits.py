"""Limits against abuse, checked inside the transaction that stores a submission.

Each refusal is a 4xx ApiError in the shared shape with a machine code of its own, so the page
can tell the contributor exactly what happened and when they may try again. The honeypot and
body size are checked before any database work (see api.py); the counted limits are here.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback_api.contrib.config import ContribSettings
from feedback_api.contrib.models import Submission, SubmissionEvent
from feedback_api.errors import ApiError
from feedback_api.staff.clock import aware, utcnow
from feedback_api.staff.models import Account

DAY = dt.timedelta(days=1)
REJECTION_WINDOW = dt.timedelta(days=7)


def honeypot(value: str | None) -> None:
    # A field people never see (hidden by CSS, labelled "leave empty"): only form-filling bots fill it.
    if value:
        raise ApiError(400, "honeypot_filled", "This submission looks automated and was not accepted.",
                       {"field": "website"})


def body_size(body: str, settings: ContribSettings) -> None:
    if len(body) > settings.max_body:
        raise ApiError(413, "body_too_large", f"The Markdown is longer than {settings.max_body} characters.",
                       {"max_chars": settings.max_body, "chars": len(body)})


def _retry(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


def check_counted(db: Session, account_id: int, settings: ContribSettings) -> None:
    """Daily submission count and the rejection cool-down; locks the account row on PostgreSQL
    so two parallel submissions cannot both squeeze under the daily limit."""
    db.execute(select(Account.id).where(Account.id == account_id).with_for_update())
    now = utcnow()
    sent = select(SubmissionEvent.created_at).where(
        SubmissionEvent.actor_id == account_id, SubmissionEvent.kind.in_(("submitted", "revised")),
        SubmissionEvent.created_at >= now - DAY,
    )
    count = db.scalar(select(func.count()).select_from(sent.subquery()))
    if count >= settings.daily_limit:
        oldest = aware(db.scalar(sent.order_by(SubmissionEvent.created_at.desc()).offset(settings.daily_limit - 1).limit(1)))
        wait = (oldest + DAY - now).total_seconds()
        raise ApiError(429, "daily_limit", f"You can send {settings.daily_limit} submissions a day. Please try again later.",
                       {"limit": settings.daily_limit, "retry_after": max(1, math.ceil(wait))}, headers=_retry(wait))
    rejections = list(db.scalars(
        select(SubmissionEvent.created_at).join(Submission, Submission.id == SubmissionEvent.submission_id)
        .where(Submission.account_id == account_id, SubmissionEvent.kind == "rejected",
               SubmissionEvent.created_at >= now - REJECTION_WINDOW)
        .order_by(SubmissionEvent.created_at.desc())
    ))
    if len(rejections) >= settings.cooldown_rejections:
        until = aware(rejections[0]) + dt.timedelta(hours=settings.cooldown_hours)
        if until > now:
            wait = (until - now).total_seconds()
            raise ApiError(429, "cooldown",
                           f"{len(rejections)} of your recent submissions were rejected, so new ones are paused "
                           f"for {settings.cooldown_hours} hours. Please read the reviewers' reasons meanwhile.",
                           {"rejections": len(rejections), "retry_after": max(1, math.ceil(wait))}, headers=_retry(wait))
