"""Sign-in throttling, counted in the database so every worker sees the same failures.

Two counters, because they stop different attacks: per account (guessing one person's password
from many addresses) and per client (one address trying many accounts). Unknown e-mails are
counted exactly like known ones, so a 429 never tells an attacker whether an account exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from feedback_api.i18n import Msg
from feedback_api.staff.clock import aware, utcnow
from feedback_api.staff.models import LoginAttempt


@dataclass(frozen=True)
class Policy:
    account_limit: int = 5
    # Higher than the account limit: an office behind one NAT address shares this counter.
    client_limit: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)
    # Old rows are only evidence for the window; keep a day for investigating incidents.
    keep: dt.timedelta = dt.timedelta(days=1)


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def retry_after(db: Session, email: str, client: str, policy: Policy) -> int | None:
    """Seconds until a new attempt is allowed, or None when it is allowed now."""
    since = utcnow() - policy.window
    checks = (
        (LoginAttempt.account_key == account_key(email), policy.account_limit),
        (LoginAttempt.client == client, policy.client_limit),
    )
    waits = []
    for condition, limit in checks:
        failures = select(LoginAttempt.created_at).where(
            condition, LoginAttempt.succeeded.is_(False), LoginAttempt.created_at >= since
        )
        count = db.scalar(select(func.count()).select_from(failures.subquery())) or 0
        if count >= limit:
            # Blocked until the oldest failure that still counts leaves the window.
            oldest = db.scalars(failures.order_by(LoginAttempt.created_at.desc()).offset(limit - 1).limit(1)).one()
            free_at = aware(oldest) + policy.window
            waits.append(max(1, math.ceil((free_at - utcnow()).total_seconds())))
    return max(waits) if waits else None


def record(db: Session, email: str, client: str, succeeded: bool, policy: Policy) -> None:
    key = account_key(email)
    if succeeded:
        # The owner got in: earlier typos on this account should not count towards a lock-out.
        db.execute(delete(LoginAttempt).where(LoginAttempt.account_key == key, LoginAttempt.succeeded.is_(False)))
    db.add(LoginAttempt(account_key=key, client=client, succeeded=succeeded))
    db.execute(delete(LoginAttempt).where(LoginAttempt.created_at < utcnow() - policy.keep))


def message(seconds: int) -> Msg:
    return Msg("auth.throttled", max(1, math.ceil(seconds / 60)))
