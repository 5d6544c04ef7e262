"""The built site as static files, minus anything under a dot name (``.search/``, ``.git``...),
and the choice between its public and internal builds."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.requests import Request
from starlette.staticfiles import StaticFiles


class SiteFiles(StaticFiles):
    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        # Treated exactly like a missing file, so nothing tells a dot file exists.
        if any(part.startswith(".") for part in path.replace("\\", "/").split("/") if part not in ("", ".")):
            return "", None
        return super().lookup_path(path)


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
