"""Service settings, declared once (name, type, default, help) and read from ``KB_*`` variables.

The declaration list ``SETTINGS`` feeds validation, ``docs/api.md``'s settings table and the test
that keeps the two in step. Errors name the variable and the bad value, as starlette.config does.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEV_SECRET_KEY = "kb-development-only-secret-key-do-not-use-in-production"
MIN_SECRET_KEY_LENGTH = 16


class SettingsError(Exception):
    """A setting has a bad value; the message is meant for the operator, as is."""


@dataclass(frozen=True)
class RateLimit:
    count: int
    seconds: int

    def __str__(self) -> str:
        unit = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}[self.seconds]
        return f"{self.count}/{unit}"


_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def _rate_limit(raw: str) -> RateLimit:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*", raw)
    if not m or int(m.group(1)) < 1:
        raise ValueError
    return RateLimit(int(m.group(1)), _UNITS[m.group(2)])


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError


def _database_url(raw: str) -> str:
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ValueError from None
    # A bare postgresql:// would pick psycopg2, which is not installed: we ship psycopg 3.
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ValueError
    if url.drivername.startswith("sqlite") and not url.database:
        raise ValueError  # an in-memory database would vanish between worker processes
    return url.render_as_string(hide_password=False)


def _origins(raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
            raise ValueError
    return origins


def _proxies(raw: str) -> tuple[str, ...]:
    # Addresses or networks only: "*" would let any client choose the address the rate limiter sees.
    proxies = tuple(p.strip() for p in raw.split(",") if p.strip())
    for proxy in proxies:
        ipaddress.ip_network(proxy, strict=False)  # ValueError on anything else
    return proxies


def _count(raw: str) -> int:
    if not raw.strip().isdigit():
        raise ValueError
    return int(raw)


def _seconds(raw: str) -> float:
    value = float(raw)
    if not 0.5 <= value <= 300:
        raise ValueError
    return value


def _env(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("production", "development"):
        raise ValueError
    return value


@dataclass(frozen=True)
class Setting:
    """One ``KB_*`` variable: ``cast`` turns the text into the value or raises ValueError."""

    name: str
    attr: str
    cast: Callable[[str], Any]
    default: str | None
    help: str
    expected: str  # completes "Expected ..." in the error message

    def read(self, environ: Mapping[str, str]) -> Any:
        raw = environ.get(self.name)
        if raw is None:
            raw = self.default
        if raw is None:
            return None
        try:
            return self.cast(raw)
        except ValueError:
            raise SettingsError(f"{self.name} has value {raw!r}. Expected {self.expected}.") from None


SETTINGS: tuple[Setting, ...] = (
    Setting("KB_ENV", "env", _env, "production", "`production` or `development`; `kb serve` sets `development` when unset.", "production or development"),
    Setting("KB_DATABASE_URL", "database_url", _database_url, "sqlite:///var/kb.sqlite3", "SQLAlchemy URL: `sqlite:///path` (relative to the working directory) or `postgresql+psycopg://user:pass@host/db`.", "e.g. sqlite:///var/kb.sqlite3 or postgresql+psycopg://user@host/db"),
    Setting("KB_SITE_DIR", "site_dir", Path, "site", "The built site; its `manifest.json` lists the articles votes may name.", "a folder path"),
    Setting("KB_INTERNAL_SITE_DIR", "internal_site_dir", Path, None, "The internal build (every page, internal ones badged) that `kb serve` shows signed-in staff; default: `KB_SITE_DIR` with `-internal` appended, where `kb build` writes it. Without it everyone gets the public build.", "a folder path"),
    Setting("KB_ALLOWED_ORIGINS", "allowed_origins", _origins, "", "Comma-separated origins allowed by CORS (e.g. `https://help.example.com`); empty allows none.", "a comma list like https://help.example.com,http://localhost:8000"),
    Setting("KB_SECRET_KEY", "secret_key", str, None, f"Keys the visitor and client-address hashes and staff sessions. Required (at least {MIN_SECRET_KEY_LENGTH} characters) unless `KB_ENV=development`.", f"at least {MIN_SECRET_KEY_LENGTH} characters"),
    Setting("KB_RATE_LIMIT", "rate_limit", _rate_limit, "60/minute", "Writes allowed per client address and window, shared by all worker processes: `N/second`, `N/minute`, `N/hour` or `N/day`.", "e.g. 30/minute"),
    Setting("KB_SERVE_SITE", "serve_site", _bool, "false", "Serve the built site at `/` beside the API (`kb serve` turns it on).", "a boolean: 1/0, true/false, yes/no, on/off"),
    Setting("KB_TRUSTED_PROXIES", "trusted_proxies", _proxies, "", "Comma-separated addresses or networks of the reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` `kb serve` believes (e.g. `127.0.0.1` for nginx on the same machine); empty believes nobody. See [deployment](deployment.md#behind-a-reverse-proxy).", "a comma list of IP addresses or networks like 127.0.0.1,10.0.0.0/24"),
    Setting("KB_DATABASE_TIMEOUT", "database_timeout", _seconds, "5", "Seconds a request may wait on PostgreSQL: connecting, each statement, each lock, and a free pooled connection. Past it the request answers 503 `database_unavailable`, and the next one tries again.", "seconds, from 0.5 to 300"),
    Setting("KB_SEARCH_CACHE_SIZE", "search_cache_size", _count, "1024", "Search result pages each worker keeps for the current build (a new build empties them); `0` turns the cache off.", "a whole number (0 turns the cache off)"),
    Setting("KB_SEARCH_WARM_QUERIES", "search_warm_queries", _count, "1000", "Searches each worker runs whenever it opens a build (at startup, and on each new build) before it answers: the most frequent among the last 50,000 in the search log, to fill its caches (at most 5 s of them); `0` turns it off.", "a whole number (0 turns it off)"),
    Setting("KB_SEARCH_LEARN_SECONDS", "search_learn_seconds", _count, "60", "Seconds each worker keeps its copy of what search learned from readers' clicks and helpful votes before reading it again (see [search](search.md#learning-from-readers)); `0` reads it on every search.", "a whole number of seconds"),
)


@dataclass(frozen=True)
class Settings:
    env: str = "production"
    database_url: str = "sqlite:///var/kb.sqlite3"
    site_dir: Path = Path("site")
    internal_site_dir: Path | None = None
    allowed_origins: tuple[str, ...] = ()
    secret_key: str | None = None
    rate_limit: RateLimit = RateLimit(60, 60)
    serve_site: bool = False
    search_cache_size: int = 1024
    search_learn_seconds: int = 60
    search_warm_queries: int = 1000
    trusted_proxies: tuple[str, ...] = ()
    database_timeout: float = 5.0
    # Variables for feature modules' own settings (see Setting.read); not validated here.
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def internal_dir(self) -> Path:
        """The internal build's folder (it may not exist: then staff read the public build too)."""
        from generator.content.audience import internal_site_dir

        return self.internal_site_dir or internal_site_dir(self.site_dir)

    @property
    def development(self) -> bool:
        return self.env == "development"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        values = {s.attr: s.read(environ) for s in SETTINGS}
        secret = values["secret_key"]
        if secret is None:
            if values["env"] != "development":
                raise SettingsError(
                    "KB_SECRET_KEY is not set. Set it to a random string of at least "
                    f"{MIN_SECRET_KEY_LENGTH} characters (or KB_ENV=development for a local run)."
                )
            values["secret_key"] = DEV_SECRET_KEY
        elif len(secret) < MIN_SECRET_KEY_LENGTH:
            raise SettingsError(
                f"KB_SECRET_KEY has a value of {len(secret)} characters. Expected at least {MIN_SECRET_KEY_LENGTH}."
            )
        return cls(**values, environ=environ)

    @property
    def key(self) -> bytes:
        return (self.secret_key or DEV_SECRET_KEY).encode()
