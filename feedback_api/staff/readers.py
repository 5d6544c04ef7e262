"""Who reads the help center: signed-in staff (the internal build, internal search results) or
everyone else (the public build). The one question the site and the search API ask, answered by
the auth layer's staff session; anonymous requests (no staff cookie) never touch the database."""

from __future__ import annotations

from starlette.requests import Request

from feedback_api.auth import sessions
from feedback_api.staff.audience import STAFF
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission, can


class StaffReaders:
    def __init__(self, settings, db) -> None:
        # Without a secret key nobody can sign in, so nobody is staff.
        self.codec = sessions.CookieCodec(settings.secret_key, STAFF.cookie, STAFF.cookie_path) if settings.secret_key else None
        self.db = db

    async def is_staff(self, request: Request) -> bool:
        if self.codec is None or STAFF.cookie not in request.cookies:
            return False
        sid = self.codec.read(request).sid
        return bool(sid) and await self.db.read(orm(_may_read_internal), sid)


def _may_read_internal(db, sid: str) -> bool:
    account = sessions.lookup(db, sid)
    return account is not None and can(account.role, Permission.READ_INTERNAL)
