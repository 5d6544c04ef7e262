"""What every staff view needs, built once by ``routes()``: services, settings, templates."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from feedback_api.auth import throttle
from feedback_api.auth.audience import Auth
from feedback_api.settings import SettingsError
from feedback_api.staff.articles import Catalogue
from feedback_api.staff.audience import STAFF
from feedback_api.staff.templating import Templates

DEFAULT_HEALTH_THRESHOLD = 0.3


def _env_number(environ, name: str, default, cast=int):
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = cast(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise SettingsError(f"{name} has value {raw!r}. Expected a positive number.")
    return value


def site_language(deps) -> Callable[[], str | None]:
    """The built site's default language, for pages whose reader states none."""
    return lambda: deps.manifest.current().raw.get("default_lang")


@dataclass
class Staff:
    settings: Any
    deps: Any
    auth: Auth
    templates: Templates
    health_threshold: float = DEFAULT_HEALTH_THRESHOLD

    @classmethod
    def build(cls, settings, deps) -> Staff:
        environ = getattr(settings, "environ", {}) or {}
        policy = throttle.Policy(
            account_limit=_env_number(environ, "KB_STAFF_LOGIN_ACCOUNT_LIMIT", throttle.Policy.account_limit),
            client_limit=_env_number(environ, "KB_STAFF_LOGIN_CLIENT_LIMIT", throttle.Policy.client_limit),
            window=dt.timedelta(minutes=_env_number(environ, "KB_STAFF_LOGIN_WINDOW_MINUTES", 15)),
        )
        threshold = _env_number(environ, "KB_STAFF_HEALTH_THRESHOLD", DEFAULT_HEALTH_THRESHOLD, float)
        return cls(settings, deps, Auth.build(STAFF, settings, deps, policy), Templates(site_language(deps)), threshold)

    @property
    def db(self):
        return self.deps.db

    async def report(self, fn, *args):
        """Dashboard aggregations: on a worker thread even on SQLite, where the core runs its
        (tiny) queries on the event loop; a report over months of votes must not stall voting."""
        return await anyio.to_thread.run_sync(functools.partial(self.deps.db.read_sync, fn, *args))

    def catalogue(self) -> Catalogue:
        # Staff see every page: the internal build's manifest (runbooks' review dates too) when there is one.
        internal = Path(self.settings.internal_dir) / "manifest.json"
        return Catalogue.from_store(self.deps.internal_manifest if internal.is_file() else self.deps.manifest)

    def client_ip(self, request: Request) -> str:
        return self.auth.client_ip(request)

    def refuse(self, request: Request, visit, status: int, title: str, message: str) -> Response:
        """The dashboard's error page (the auth gate's refusals too)."""
        return self.templates.render(request, "error.html", {"visit": visit, "title": title, "message": message}, status)
