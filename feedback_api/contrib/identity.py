"""Contributor accounts: the staff account table with role ``contributor``, and contributors as
an audience of the auth layer (feedback_api/auth/: hashing, sessions, CSRF, throttling, sign-in).
Contributors use the help center and the API, so their cookie is ``kb_contrib`` on path ``/``
while the staff cookie stays confined to ``/admin``.

Registration never tells whether an address already has an account: it answers the same page
("your account is ready if this address was free — sign in") either way, spends the same Argon2
time either way, and does not sign the new account in (signing in only new accounts would be the
tell). An existing account's password is never changed by a registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, object_session

from feedback_api.auth import passwords
from feedback_api.auth.audience import WRONG, Audience
from feedback_api.contrib import notices
from feedback_api.i18n import msg
from feedback_api.staff.accounts import AccountError, find, normalise_email
from feedback_api.staff.models import Account
from feedback_api.staff.roles import Role


@dataclass(frozen=True)
class Contributor:
    id: int
    email: str
    display_name: str
    unread: int = 0  # notifications not seen yet, for the portal header
    lang: str | None = None  # the portal's language, chosen with its switch

    @classmethod
    def of(cls, account: Account) -> Contributor:
        # Resolved inside the session's read transaction: the count costs one indexed query.
        db = object_session(account)
        return cls(account.id, account.email, account.display_name or account.email.split("@", 1)[0],
                   notices.unread(db, account.id) if db is not None else 0, account.lang)


def _is_contributor(account: Account) -> bool:
    return account.role == Role.CONTRIBUTOR.value


CONTRIBUTORS = Audience(
    cookie="kb_contrib", cookie_path="/", area="/contribute/", home="/contribute/profile",
    user=lambda account: Contributor.of(account) if _is_contributor(account) else None,
    # Staff sign in on the dashboard; here a staff account is just a wrong password (no hint either way).
    refusal=lambda account: None if _is_contributor(account) else (401, WRONG),
    audit_login="contrib.login", max_form_fields=20,
)


def check_registration(email: str, password: str, display_name: str) -> str:
    """Validation that reveals nothing about other accounts; returns the normalised e-mail."""
    try:
        email = normalise_email(email)
    except AccountError:
        raise AccountError(msg("accounts.enter_email")) from None
    passwords.validate(password)  # ValueError with the rule to show
    if not 2 <= len(display_name.strip()) <= 60:
        raise AccountError(msg("accounts.display_name"))
    return email


def register(db: Session, email: str, password_hash: str, display_name: str) -> bool:
    """Create the account unless the address is taken; the caller answers the same either way."""
    if find(db, email) is not None:
        return False
    db.add(Account(email=email, display_name=display_name.strip(), password_hash=password_hash,
                   role=Role.CONTRIBUTOR.value, is_active=True))
    db.flush()
    return True
