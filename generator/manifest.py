"""site/manifest.json: every page the build produced, for the service and for tooling.

The feedback service refuses votes for ids not listed here and marks contributor submissions
published when their id appears, so the file is written atomically (temp file + rename).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

import orjson

from .content.model import ContentSet, Page
from .settings import Settings

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


def new_build_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def page_entry(page: Page, settings: Settings, url: str | None = None) -> dict[str, Any]:
    due = page.review_due()
    return {
        "id": page.id,
        "type": page.type,
        "title": page.title,
        "url": page.url if url is None else url,
        "source": page.src_path,
        "lang": page.lang,
        "category": page.category,
        "tags": list(page.tags),
        "version": str(page.version) if page.version else None,
        "applies_to": str(page.applies_to) if page.applies_to else None,
        "date": page.date.isoformat() if page.date else None,
        "owner": page.owner,
        "reviewed": page.reviewed.isoformat() if page.reviewed else None,
        "review_due": due.isoformat() if due else None,
        "stale": page.is_stale(settings.today),
        "summary": page.summary,
        "submission": page.submission,
        "translation_of": page.translation_of,
        "collection": page.collection,
        "audience": page.audience or "public",
    }


def build_manifest(content: ContentSet, settings: Settings, build_id: str, urls: dict[str, str] | None = None) -> dict[str, Any]:
    urls = urls or {}
    return {
        "version": MANIFEST_VERSION,
        "build_id": build_id,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "site_url": settings.site_url,
        "default_lang": settings.default_lang,
        "pages": [page_entry(p, settings, urls.get(p.src_path)) for p in content.pages],
    }


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_manifest(site_dir: Path, manifest: dict[str, Any]) -> Path:
    path = Path(site_dir) / MANIFEST_NAME
    # orjson: the standard library's encoder is pure Python once it indents (a tenth of a second at 5,000 pages)
    write_atomic(path, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return path
