"""The built site as static files, minus anything under a dot name (``.search/``, ``.git``...),
gzip-compressed for clients that accept it (HTML, CSS, JavaScript, JSON: a first static search
downloads Pagefind's 46 kB script as 13 kB)."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.staticfiles import StaticFiles

# Pagefind gzips its WebAssembly and index files itself (and inflates them in the browser):
# served as opaque bytes, never compressed a second time.
PRECOMPRESSED = (".pagefind", ".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment")
OPAQUE = "application/octet-stream"


class SiteFiles(StaticFiles):
    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        # Treated exactly like a missing file, so nothing tells a dot file exists.
        if any(part.startswith(".") for part in path.replace("\\", "/").split("/") if part not in ("", ".")):
            return "", None
        return super().lookup_path(path)

    def file_response(self, full_path, stat_result, scope, status_code: int = 200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        if str(full_path).endswith(PRECOMPRESSED):
            response.headers["content-type"] = OPAQUE
        return response


def site_files(directory: Path):
    """The app `kb serve` mounts at / for the built site."""
    return GZipMiddleware(SiteFiles(directory=directory, html=True, check_dir=False), minimum_size=1000,
                          compresslevel=6, exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, OPAQUE))
