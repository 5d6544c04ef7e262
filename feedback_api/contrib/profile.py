"""A contributor's standing, derived from the ledger: points, level, badges, rewards."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.contrib import ledger, rules
from feedback_api.contrib.models import LedgerEntry, Reward


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
