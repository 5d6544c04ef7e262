"""A contributor's standing, derived from the ledger: points, level, badges, rewards; and their
public handle, the stable name of their public profile (``/contribute/people/<handle>``).

The handle is ``<display name as ASCII words>-<account id>``: `kb submissions export` writes it
into the article's ``contributors`` (``Name (@handle)``) and the published page links to it. Only
the trailing id identifies the account, so a link stays valid after a change of display name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.contrib import ledger, rules
from feedback_api.contrib.models import LedgerEntry, Reward
from feedback_api.staff.models import Account
from feedback_api.staff.roles import Role

_HANDLE = re.compile(r"^(?:[a-z0-9]+-)*(?P<id>[1-9][0-9]{0,9})$")


@dataclass
class Standing:
    points: int
    level: rules.Level
    next_level: rules.Level | None
    badges: list[rules.Badge]
    pending: list[Reward]
    granted: list[Reward]
    history: list[LedgerEntry]


def summary(db: Session, account_id: int) -> Standing:
    points = ledger.balance(db, account_id)
    level = rules.level_for(points)
    higher = [lv for lv in rules.LEVELS if lv.min_points > points]
    rewards = list(db.scalars(select(Reward).where(Reward.account_id == account_id).order_by(Reward.id.desc())))
    return Standing(points, level, higher[0] if higher else None, rules.badges_for(ledger.rule_counts(db, account_id)),
                    [r for r in rewards if r.state == "pending"], [r for r in rewards if r.state == "granted"],
                    ledger.history(db, account_id))


def as_json(s: Standing) -> dict:
    reward = lambda r: {"submission_id": r.submission_id, "rule": r.rule, "points": r.points, "state": r.state}  # noqa: E731
    return {
        "points": s.points, "level": s.level.name,
        "next_level": {"name": s.next_level.name, "points": s.next_level.min_points} if s.next_level else None,
        "badges": [{"key": b.key, "name": b.name} for b in s.badges],
        "pending_rewards": [reward(r) for r in s.pending],
        "granted_rewards": [reward(r) for r in s.granted],
    }


def handle(account_id: int, display_name: str | None) -> str:
    """``ada-lovelace-7``: readable, and a URL path segment with nothing to escape."""
    words = re.sub(r"[^a-z0-9]+", "-", (display_name or "").lower()).strip("-")[:40].strip("-")
    return f"{words or 'contributor'}-{account_id}"


def credit(account_id: int, display_name: str | None) -> str:
    """The ``contributors`` entry export writes: ``Name (@handle)`` (generator/site/credits.py reads it)."""
    name = " ".join((display_name or "").split()) or f"Contributor {account_id}"
    return f"{name} (@{handle(account_id, display_name)})"


def by_handle(db: Session, value: str) -> Account | None:
    """The active contributor a handle names, or None (unknown, deactivated, or not a contributor)."""
    m = _HANDLE.match(value)
    account_id = int(m.group("id")) if m else 0
    # PostgreSQL refuses a parameter beyond the column's 32 bits (a 500): such an id names nobody.
    account = db.get(Account, account_id) if 0 < account_id < 2**31 else None
    if account is None or not account.is_active or account.role != Role.CONTRIBUTOR.value:
        return None
    return account
