"""Old URLs (front matter `aliases`) become small HTML pages that redirect to the new one."""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path

from ..content.model import ContentSet
from ..manifest import write_atomic
from ..site.i18n import t


def alias_target_path(alias: str) -> str:
    """'faq/import.html' -> 'faq/import.html'; 'old/page/' or 'old/page' -> 'old/page/index.html'."""
    alias = alias.strip().lstrip("/")
    if alias.endswith(".html") or alias.endswith(".htm"):
        return alias
    return posixpath.join(alias, "index.html")


def write_redirects(site_dir: Path, content: ContentSet, urls: dict[str, str]) -> int:
    n = 0
    for page in content.pages:
        for alias in page.aliases:
            rel_path = alias_target_path(alias)
            target = site_dir / rel_path
            if target.exists() or not target.resolve().is_relative_to(site_dir.resolve()):
                continue  # never shadow a real page, never write outside the site ('../..' aliases)
            depth = rel_path.count("/")
            url = "../" * depth + urls.get(page.src_path, page.url)
            safe = html.escape(url, quote=True)
            body = (
                f'<!doctype html><html lang="{page.lang}"><head><meta charset="utf-8">'
                f"<title>{html.escape(page.title)}</title>"
                f'<link rel="canonical" href="{safe}"><meta name="robots" content="noindex">'
                f'<meta http-equiv="refresh" content="0; url={safe}">'
                f"<script>location.replace({_js_string(url)} + location.hash)</script></head>"
                f'<body><p>{html.escape(t(page.lang, "redirecting"))} <a href="{safe}">{html.escape(page.title)}</a>.</p></body></html>'
            )
            write_atomic(target, body.encode("utf-8"))
            n += 1
    return n


def _js_string(text: str) -> str:
    """A JavaScript string literal that cannot end the <script> element it sits in."""
    return json.dumps(text).replace("<", "\\u003c")
