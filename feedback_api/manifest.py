"""``site/manifest.json``, kept current: reloaded when the file changes, never half-read.

``ManifestStore.current()`` looks at the file's mtime at most once a second, so a hot route pays
for a stat call once a second and not once per request. A file that fails to parse (the generator
is still writing it, or it is broken) is logged and the previous manifest stays in force.
Feature modules subscribe to ``on_reload`` to react to a new build (called with the new Manifest).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("feedback_api.manifest")

CHECK_INTERVAL = 1.0  # seconds between mtime checks


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class Manifest:
    build_id: str | None = None
    pages: tuple[dict[str, Any], ...] = ()
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self.by_id.get(article_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.by_id

    @classmethod
    def parse(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"not valid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ManifestError("expected an object with \"version\": 1")
        pages = data.get("pages")
        if not isinstance(pages, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str) for p in pages):
            raise ManifestError("\"pages\" must be a list of objects, each with a string \"id\"")
        build_id = data.get("build_id")
        return cls(
            build_id=str(build_id) if build_id is not None else None,
            pages=tuple(pages),
            by_id={p["id"]: p for p in pages},
            raw=data,
        )


class ManifestStore:
    def __init__(self, path: str | Path, *, check_interval: float = CHECK_INTERVAL) -> None:
        self.path = Path(path)
        self.check_interval = check_interval
        self.on_reload: list[Callable[[Manifest], None]] = []
        self._manifest = Manifest()
        self._stamp: tuple[int, int] | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()
        self._refresh()

    # Convenience views on the current manifest.
    def get(self, article_id: str) -> dict[str, Any] | None:
        return self.current().get(article_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.current()

    @property
    def pages(self) -> tuple[dict[str, Any], ...]:
        return self.current().pages

    @property
    def build_id(self) -> str | None:
        return self.current().build_id

    def current(self) -> Manifest:
        if time.monotonic() - self._checked_at >= self.check_interval:
            self._refresh()
        return self._manifest

    def reload(self) -> Manifest:
        """Check the file now, whatever the interval (tests, admin actions)."""
        self._refresh(force=True)
        return self._manifest

    def _refresh(self, force: bool = False) -> None:
        if not self._lock.acquire(blocking=force):
            return  # another thread is checking; the current manifest is good enough meanwhile
        try:
            self._checked_at = time.monotonic()
            try:
                st = self.path.stat()
            except FileNotFoundError:
                if self._stamp is None:
                    log.warning("no manifest at %s: every article id is unknown until it appears", self.path)
                    self._stamp = (0, 0)
                return
            stamp = (st.st_mtime_ns, st.st_size)
            if stamp == self._stamp and not force:
                return
            try:
                manifest = Manifest.parse(self.path.read_text(encoding="utf-8"))
            except (ManifestError, OSError, UnicodeDecodeError) as exc:
                log.warning("keeping the previous manifest: %s is unusable: %s", self.path, exc)
                # Not recording the stamp: a half-written file is retried at the next check.
                return
            self._stamp = stamp
            self._manifest = manifest
            log.info("manifest loaded: build %s, %d pages", manifest.build_id, len(manifest.pages))
        finally:
            self._lock.release()
        self._notify(manifest)

    def _notify(self, manifest: Manifest) -> None:
        for callback in list(self.on_reload):
            try:
                callback(manifest)
            except Exception:  # one subscriber's bug must not stop the service or other subscribers
                log.exception("on_reload callback %r failed", callback)
