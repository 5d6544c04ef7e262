"""The points ledger: append a row at most once per idempotency key; balances are sums.

``award`` is INSERT .. ON CONFLICT (idempotency_key) DO NOTHING, one atomic statement on both
engines, so two workers handling the same reload, or a client retrying a request, write one row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from feedback_api.contrib import rules
from feedback_api.contrib.models import LedgerEntry
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account

_table = LedgerEntry.__table__


def award(db: Session, *, account_id: int, points: int, rule: str, reason: str, key: str,
          source: str | None = None, actor_id: int | None = None, at: dt.datetime | None = None) -> bool:
    """Append one row; False when a row with this key already exists (nothing is written)."""
    if rule not in rules.BY_NAME:
        raise ValueError(f"unknown rule {rule!r}; declare it in feedback_api/contrib/rules.py")
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(_table).values(
        account_id=account_id, points=points, rule=rule, reason=reason[:500], source=source,
        idempotency_key=key[:200], actor_id=actor_id, created_at=at or utcnow(),
    ).on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(_table.c.id)
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT that SQLAlchemy adds RETURNING to.
    return db.execute(stmt).first() is not None


def balance(db: Session, account_id: int) -> int:
    return int(db.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(LedgerEntry.account_id == account_id)))


def rule_counts(db: Session, account_id: int) -> dict[str, int]:
    """Net count of grants per rule (a reversal of a grant cancels it), for badges."""
    rows = db.execute(
        select(LedgerEntry.rule, func.count()).where(LedgerEntry.account_id == account_id, LedgerEntry.points > 0)
        .group_by(LedgerEntry.rule)
    )
    counts = {rule: int(n) for rule, n in rows}
    reversed_rules = db.execute(
        select(LedgerEntry.source, func.count()).where(LedgerEntry.account_id == account_id,
                                                        LedgerEntry.rule == rules.REVERTED.name)
        .group_by(LedgerEntry.source)
    )
    for source, n in reversed_rules:  # source of a reversal is "<rule>:<submission id>"
        original = (source or "").split(":", 1)[0]
        if original in counts:
            counts[original] = max(0, counts[original] - int(n))
    return counts


def history(db: Session, account_id: int, limit: int = 50) -> list[LedgerEntry]:
    return list(db.scalars(select(LedgerEntry).where(LedgerEntry.account_id == account_id)
                           .order_by(LedgerEntry.id.desc()).limit(limit)))


WINDOWS = ("week", "month", "all")


def window_start(window: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """UTC calendar windows: this week from Monday 00:00, this month from the 1st, or all time."""
    now = now or utcnow()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if window == "week":
        return midnight - dt.timedelta(days=midnight.weekday())
    if window == "month":
        return midnight.replace(day=1)
    if window == "all":
        return None
    raise ValueError(f"window must be one of {', '.join(WINDOWS)}")


def leaderboard(db: Session, window: str, limit: int = 20, now: dt.datetime | None = None) -> list[dict]:
    start = window_start(window, now)
    total = func.sum(LedgerEntry.points).label("points")
    query = (select(Account.id, Account.display_name, total)
             .join(Account, Account.id == LedgerEntry.account_id)
             .where(Account.is_active.is_(True))
             .group_by(Account.id, Account.display_name)
             .having(func.sum(LedgerEntry.points) > 0)
             .order_by(total.desc(), Account.id).limit(limit))
    if start is not None:
        query = query.where(LedgerEntry.created_at >= start)
    return [
        {"rank": i, "name": name or f"Contributor #{account_id}", "points": int(points)}
        for i, (account_id, name, points) in enumerate(db.execute(query), start=1)
    ]
