"""Roles and what each may do.

Roles are plain strings in the account table (no database enum or CHECK constraint) so a new
role such as ``contributor`` needs no migration; this module is the single place that gives a
role its meaning. Permissions, not roles, are what views check, so a role can be widened later
without hunting through views.
"""

from __future__ import annotations

from enum import Enum


class Permission(str, Enum):
    VIEW_DASHBOARD = "view_dashboard"  # overview, health, comments (read only)
    EXPORT_VOTES = "export_votes"  # download the filtered votes as CSV
    TRIAGE_COMMENTS = "triage_comments"  # mark a comment handled / reopen it
    VIEW_AUDIT = "view_audit"  # read the audit log
    MANAGE_USERS = "manage_users"  # create accounts, change roles, deactivate
    READ_INTERNAL = "read_internal"  # read the help center's internal pages (runbooks...) and find them in search


class Role(str, Enum):
    # Contributors will register themselves to propose content; they never see the dashboard.
    CONTRIBUTOR = "contributor"
    VIEWER = "viewer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


_VIEWER = frozenset({Permission.VIEW_DASHBOARD, Permission.READ_INTERNAL})
_REVIEWER = _VIEWER | {Permission.EXPORT_VOTES, Permission.TRIAGE_COMMENTS}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CONTRIBUTOR: frozenset(),
    Role.VIEWER: _VIEWER,
    Role.REVIEWER: _REVIEWER,
    Role.ADMIN: frozenset(Permission),
}

# Roles the `kb admin create-user` command and the users page may hand out today.
STAFF_ROLES = (Role.VIEWER, Role.REVIEWER, Role.ADMIN)


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise ValueError(f"unknown role {value!r}; expected one of {', '.join(r.value for r in Role)}") from None


def can(role: str | Role, permission: Permission) -> bool:
    """Unknown role strings (e.g. written by a newer release) grant nothing rather than failing."""
    try:
        role = Role(role)
    except ValueError:
        return False
    return permission in PERMISSIONS[role]
