"""What every route and feature module shares, built once per app (``app.state.deps``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from feedback_api.db import Database
from feedback_api.manifest import ManifestStore
from feedback_api.metrics import Metrics
from feedback_api.rate_limit import RateLimiter
from feedback_api.settings import Settings

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass
class Deps:
    settings: Settings
    db: Database  # await db.read(fn, ...) / await db.write(fn, ...), fn(conn, ...) in a transaction
    manifest: ManifestStore
    rate_limiter: RateLimiter
    metrics: Metrics
    templates_dir: Path = TEMPLATES_DIR  # feature templates live in their own subfolder

    @functools.cached_property
    def readers(self):
        """``await deps.readers.is_staff(request)``: may this request read internal pages?"""
        from feedback_api.staff.readers import StaffReaders

        return StaffReaders(self.settings, self.db)

    @functools.cached_property
    def internal_manifest(self) -> ManifestStore:
        """The internal build's manifest (every page, runbooks too), for staff views; open it only
        when it exists (``settings.internal_dir``)."""
        return ManifestStore(Path(self.settings.internal_dir) / "manifest.json")

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @classmethod
    def build(cls, settings: Settings) -> Deps:
        return cls(
            settings=settings,
            db=Database(settings.database_url, timeout=settings.database_timeout),
            manifest=ManifestStore(Path(settings.site_dir) / "manifest.json"),
            rate_limiter=RateLimiter(settings.rate_limit, settings.key),
            metrics=Metrics(),
        )
