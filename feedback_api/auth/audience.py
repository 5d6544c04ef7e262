"""Who signs in where. An ``Audience`` is one configuration of the auth layer (staff on the
dashboard, contributors on the help center); ``Auth`` is an audience built for one app, with the
app's database, secret key and throttle policy. Each feature builds its own and hands it in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request

from feedback_api.auth import throttle
from feedback_api.auth.sessions import CookieCodec
from feedback_api.i18n import msg
from feedback_api.staff.models import Account

if TYPE_CHECKING:
    from feedback_api.db import Database
    from feedback_api.settings import Settings

WRONG = msg("auth.wrong")  # the same words for an unknown e-mail, a wrong password, a deactivated account


@dataclass(frozen=True)
class Audience:
    cookie: str  # the cookie's name
    cookie_path: str  # the paths the browser sends it to
    area: str  # the audience's pages: "/admin/"; sign-in is at area + "login", `next` must stay inside
    home: str  # where sign-in leads without a `next`
    # The user a live session's account stands for here, or None when the account is not one of ours.
    user: Callable[[Account], Any]
    # After a correct password: (status, message) when this account may not sign in here.
    refusal: Callable[[Account], tuple[int, str] | None]
    audit_login: str  # audit-log actions; None: not logged
    audit_logout: str | None = None
    audit_failure: str | None = None
    max_form_fields: int = 50

    @property
    def login_path(self) -> str:
        return self.area + "login"

    def safe_next(self, target: str | None) -> str:
        """Only paths inside the area: an open redirect would make phishing links look genuine."""
        # Browsers drop tabs and newlines from URLs and read "\\" as "/": refuse them all.
        if (target and target.startswith(self.area) and not target.startswith("//")
                and not any(c == "\\" or c.isspace() or not c.isprintable() for c in target)):
            return target
        return self.home

    def return_query(self, target: str | None) -> str:
        """``?next=…`` for links to the sign-in and registration pages, or "" when there is nowhere to return."""
        target = self.safe_next(target)
        return "" if target == self.home else "?" + urlencode({"next": target})


@dataclass
class Auth:
    audience: Audience
    deps: Any
    codec: CookieCodec
    key: bytes  # the app's key for hashing client addresses
    policy: throttle.Policy

    @classmethod
    def build(cls, audience: Audience, settings: Settings, deps: Any, policy: throttle.Policy) -> Auth:
        codec = CookieCodec(settings.secret_key or "", audience.cookie, audience.cookie_path)
        return cls(audience, deps, codec, settings.key, policy)

    @property
    def db(self) -> Database:
        db: Database = self.deps.db
        return db

    def client_ip(self, request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def client_key(self, request: Request) -> str:
        # Keyed hash, like the core rate limiter: login_attempts never holds an address.
        limiter = getattr(self.deps, "rate_limiter", None)
        if limiter is not None:
            return str(limiter.client_key(request))
        return hmac.new(self.key, b"client:" + self.client_ip(request).encode(), hashlib.sha256).hexdigest()
