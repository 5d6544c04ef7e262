"""Account operations shared by the CLI and the users page; each one writes its audit entry."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback_api.auth import passwords, sessions
from feedback_api.i18n import msg
from feedback_api.staff import audit
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account
from feedback_api.staff.roles import STAFF_ROLES, Role, parse_role

# Loose on purpose (the address is a login name, not yet a mailbox we write to), but without the
# characters that make an address look like markup or a header when it is shown elsewhere.
_ATOM = r"[^@\s<>\"'(),;:\\\[\]]+"
_EMAIL = re.compile(rf"^{_ATOM}@{_ATOM}\.{_ATOM}$")


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise AccountError(msg("accounts.not_an_email", email=repr(email)))
    return email


def find(db: Session, email: str) -> Account | None:
    return db.scalar(select(Account).where(Account.email == email.strip().lower()))


def create_staff(
    db: Session,
    email: str,
    password: str,
    role: str,
    *,
    actor: Account | None = None,
    actor_name: str | None = None,
    client: str | None = None,
    display_name: str | None = None,
) -> Account:
    email = normalise_email(email)
    parsed = _staff_role(role)
    if find(db, email) is not None:
        raise AccountError(msg("accounts.exists", email=email))
    try:
        password_hash = passwords.hash_password(password)
    except ValueError as exc:
        raise AccountError(*exc.args) from None
    now = utcnow()
    account = Account(
        email=email,
        display_name=display_name or None,
        password_hash=password_hash,
        role=parsed.value,
        is_active=True,
        email_verified_at=now,
        created_by_id=actor.id if actor else None,
    )
    db.add(account)
    db.flush()
    audit.record(db, "user.create", actor=actor, actor_name=actor_name, target=email, details={"role": parsed.value}, client=client)
    return account


def set_role(
    db: Session, account: Account, role: str, *, actor: Account | None, actor_name: str | None = None, client: str | None = None
) -> None:
    parsed = _staff_role(role)
    if account.role == parsed.value:
        return
    _keep_an_admin(db, account, losing_admin=parsed is not Role.ADMIN)
    old, account.role = account.role, parsed.value
    audit.record(db, "user.role", actor=actor, actor_name=actor_name, target=account.email, details={"from": old, "to": parsed.value}, client=client)


def set_password(db: Session, account: Account, password: str, *, actor_name: str | None = None) -> None:
    """A new password; every open session of the account ends, so a leaked cookie dies with it."""
    try:
        account.password_hash = passwords.hash_password(password)
    except ValueError as exc:
        raise AccountError(*exc.args) from None
    sessions.end_all(db, account)
    audit.record(db, "user.password", actor=None, actor_name=actor_name, target=account.email)


def set_active(db: Session, account: Account, active: bool, *, actor: Account | None, client: str | None = None) -> None:
    if account.is_active == active:
        return
    if not active:
        _keep_an_admin(db, account, losing_admin=True)
    account.is_active = active
    audit.record(db, "user.activate" if active else "user.deactivate", actor=actor, target=account.email, client=client)


def list_accounts(db: Session) -> list[Account]:
    return list(db.scalars(select(Account).order_by(Account.email)))


def _staff_role(role: str) -> Role:
    try:
        parsed = parse_role(role)
    except ValueError as exc:
        raise AccountError(*exc.args) from None
    if parsed not in STAFF_ROLES:
        raise AccountError(msg("accounts.role_not_here", role=repr(parsed.value), roles=", ".join(r.value for r in STAFF_ROLES)))
    return parsed


def _keep_an_admin(db: Session, account: Account, *, losing_admin: bool) -> None:
    """Refuse to remove the last active admin: nobody could manage accounts afterwards."""
    if not (losing_admin and account.role == Role.ADMIN.value and account.is_active):
        return
    admins = db.scalar(select(func.count()).where(Account.role == Role.ADMIN.value, Account.is_active.is_(True)))
    if admins <= 1:
        raise AccountError(msg("accounts.last_admin"))
