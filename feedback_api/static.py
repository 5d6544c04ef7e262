"""The built site as static files, minus anything under a dot name (``.search/``, ``.git``...),
and the choice between its public and internal builds, gzip-compressed for clients that accept it
(HTML, CSS, JavaScript, JSON: a static search document of 5 kB arrives as 1.5 kB). A
missing page under a folder that has its own 404.html (``zh/404.html``: each language after the
default has one) gets that page, any other the site's 404.html."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import anyio
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

# Binary files (images, fonts, archives) are compressed already or not worth it.
OPAQUE = "application/octet-stream"


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


class AudienceSite:
    """The site as its reader may see it: signed-in staff get the internal build (every page, internal
    ones badged), everyone else the public build, which holds no internal page at all.

    Staff responses are ``Cache-Control: private, no-store`` and every response varies on the
    cookie, so no shared cache hands an internal page (or the internal home page's listings) to
    anyone else.
    """

    def __init__(self, public_dir: Path, internal_dir: Path, is_staff) -> None:
        self.public = SiteFiles(directory=public_dir, html=True, check_dir=False)
        self.internal = SiteFiles(directory=internal_dir, html=True, check_dir=False)
        self.internal_dir = internal_dir
        self.is_staff = is_staff

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not (self.internal_dir / "index.html").is_file():
            return await self.public(scope, receive, send)
        staff = await self.is_staff(Request(scope))
        extra = [(b"vary", b"Cookie")] + ([(b"cache-control", b"private, no-store")] if staff else [])

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if not (staff and k.lower() == b"cache-control")]
                message = {**message, "headers": headers + extra}
            await send(message)

        await (self.internal if staff else self.public)(scope, receive, send_with_headers)


def site_files(public_dir: Path, internal_dir: Path | None = None, is_staff=None):
    """The app `kb serve` mounts at / for the built site (the public one alone without ``internal_dir``)."""
    files = (AudienceSite(public_dir, internal_dir, is_staff) if internal_dir is not None
             else SiteFiles(directory=public_dir, html=True, check_dir=False))
    return GZipMiddleware(files, minimum_size=1000,
                          compresslevel=6, exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, OPAQUE))
