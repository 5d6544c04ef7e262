"""Staff as an audience of the auth layer (feedback_api/auth/): who they are once signed in, and
where they sign in. The cookie is sent to the whole site (path /): signed-in staff read the
internal build of the help center and find internal pages in search (``readers.py``). It is
HttpOnly and SameSite=Lax, and every POST still needs its CSRF token and a same-origin check."""

from __future__ import annotations

from dataclasses import dataclass

from feedback_api.auth.audience import Audience
from feedback_api.i18n import msg
from feedback_api.staff.models import Account
from feedback_api.staff.roles import Permission, can

NO_ACCESS = msg("auth.no_dashboard_access")


@dataclass(frozen=True)
class Viewer:
    """The signed-in account, detached from the database session that loaded it."""

    id: int
    email: str
    role: str
    display_name: str | None
    lang: str | None = None  # the dashboard's language, chosen with its switch

    def can(self, permission: Permission | str) -> bool:
        return can(self.role, Permission(permission))

    @classmethod
    def of(cls, account: Account) -> Viewer:
        return cls(account.id, account.email, account.role, account.display_name, account.lang)


def _refusal(account: Account) -> tuple[int, str] | None:
    return None if can(account.role, Permission.VIEW_DASHBOARD) else (403, NO_ACCESS)


STAFF = Audience(
    cookie="kb_staff", cookie_path="/", area="/admin/", home="/admin/",
    user=Viewer.of, refusal=_refusal,
    audit_login="login", audit_logout="logout", audit_failure="login.failed",
)
