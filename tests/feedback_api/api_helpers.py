"""Helpers shared by the service tests (imported as a plain module: tests/ is not a package)."""

from __future__ import annotations

import json
from pathlib import Path

from feedback_api.settings import Settings

SECRET = "test-secret-key-0123456789abcdef"
PAGES = [
    {"id": "getting-started", "type": "article", "title": "Getting started", "url": "articles/getting-started/",
     "source": "getting-started.md", "lang": "en", "category": "basics", "tags": ["intro"]},
    {"id": "billing/refunds", "type": "article", "title": "Refunds", "url": "articles/billing/refunds/",
     "source": "billing/refunds.md", "lang": "en", "category": "billing", "tags": []},
    {"id": "zh/getting-started", "type": "article", "title": "入门", "url": "zh/articles/getting-started/",
     "source": "zh/getting-started.md", "lang": "zh", "category": "basics", "tags": []},
]


def write_manifest(site: Path, pages=PAGES, build_id="build-1") -> Path:
    path = site / "manifest.json"
    path.write_text(json.dumps({"version": 1, "build_id": build_id, "pages": pages}), encoding="utf-8")
    return path


def settings_for(database_url: str, site_dir: Path, **env: str) -> Settings:
    base = {"KB_DATABASE_URL": database_url, "KB_SITE_DIR": str(site_dir), "KB_SECRET_KEY": SECRET}
    return Settings.from_env({**base, **env})


def vote(article_id="getting-started", helpful=True, visitor="visitor-token-0001", **extra) -> dict:
    return {"article_id": article_id, "helpful": helpful, "visitor": visitor, **extra}
