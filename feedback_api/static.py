"""The built site as static files, minus anything under a dot name (``.search/``, ``.git``...)."""

from __future__ import annotations

import os

from starlette.staticfiles import StaticFiles


class SiteFiles(StaticFiles):
    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        # Treated exactly like a missing file, so nothing tells a dot file exists.
        if any(part.startswith(".") for part in path.replace("\\", "/").split("/") if part not in ("", ".")):
            return "", None
        return super().lookup_path(path)
