"""The audit log: who did what to which target, and when.

Writers call ``record`` inside the same transaction as the action itself, so an action and its
log entry are committed (or rolled back) together.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.staff.models import Account, AuditEntry

CLI_ACTOR = "cli"


def record(
    db: Session,
    action: str,
    *,
    actor: Account | None = None,
    actor_name: str | None = None,
    target: str | None = None,
    details: dict | None = None,
    client: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor=actor.email if actor else (actor_name or CLI_ACTOR),
        action=action,
        target=target,
        details=details or None,
        client=client,
    )
    db.add(entry)
    return entry


def recent(db: Session, *, limit: int = 100, before_id: int | None = None, action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.scalars(query))


def actions(db: Session) -> list[str]:
    return list(db.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
