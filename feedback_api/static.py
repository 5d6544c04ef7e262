"""The built site as static files, minus anything under a dot name (``.search/``, ``.git``...).
A missing page under a folder that has its own 404.html (``zh/404.html``: each language after the
default has one) gets that page, any other the site's 404.html."""

from __future__ import annotations

import os
import stat

import anyio
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class SiteFiles(StaticFiles):
    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        # Treated exactly like a missing file, so nothing tells a dot file exists.
        if any(part.startswith(".") for part in path.replace("\\", "/").split("/") if part not in ("", ".")):
            return "", None
        return super().lookup_path(path)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        folder, _, rest = path.replace("\\", "/").lstrip("/").partition("/")
        if response.status_code == 404 and self.html and folder and rest:
            full_path, found = await anyio.to_thread.run_sync(self.lookup_path, f"{folder}/404.html")
            if found and stat.S_ISREG(found.st_mode):
                return FileResponse(full_path, stat_result=found, status_code=404)
        return response
