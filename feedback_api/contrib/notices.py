"""A contributor's notifications: what happened to their work (approved, changes requested,
published, reverted, points granted by staff) with the points it earned. Unread ones are counted
in the portal header; opening the profile, where they are listed, marks them read."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from feedback_api.contrib.models import Notification
from feedback_api.staff.clock import utcnow
from generator.site import i18n

_table = Notification.__table__


def new(key: str, values: dict, **columns) -> Notification:
    """A notification kept as a catalogue entry and its values, so each contributor reads it in
    their own language (``text``); ``message`` keeps the English for the API and older readers.
    ``n`` in ``values`` picks the plural form; ``note`` (the reviewer's) is added after the text."""
    return Notification(message=_render("en", key, values), message_key=key, message_values=values, **columns)


def text(n: Notification, lang: str) -> str:
    return _render(lang, n.message_key, n.message_values or {}) if n.message_key else n.message


def _render(lang: str, key: str, values: dict) -> str:
    rest = {k: v for k, v in values.items() if k != "n"}
    out = i18n.tn(lang, key, values["n"], **rest) if "n" in values else i18n.t(lang, key, **values)
    return out + " " + i18n.t(lang, "notice.reviewer_note", note=values["note"]) if values.get("note") else out


def recent(db: Session, account_id: int, limit: int = 20) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.account_id == account_id)
                           .order_by(Notification.id.desc()).limit(limit)))


def unread(db: Session, account_id: int) -> int:
    return db.scalar(select(func.count()).select_from(_table)
                     .where(_table.c.account_id == account_id, _table.c.read_at.is_(None))) or 0


def mark_read(db: Session, account_id: int, up_to_id: int) -> None:
    """Up to the newest one shown: one arriving while the page rendered stays unread."""
    db.execute(update(_table).where(_table.c.account_id == account_id, _table.c.id <= up_to_id,
                                    _table.c.read_at.is_(None)).values(read_at=utcnow()))


def as_dict(n: Notification) -> dict:
    return {"id": n.id, "submission_id": n.submission_id, "message": n.message, "points": n.points,
            "created_at": n.created_at.isoformat() if n.created_at else None, "read": n.read_at is not None}
