"""Old URLs (front matter `aliases`) become small HTML pages that redirect to the new one."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..content.model import ContentSet
from ..manifest import write_atomic
from ..site.html import render


def alias_target_path(alias: str) -> str:
    """'faq/import.html' -> 'faq/import.html'; 'old/page/' or 'old/page' -> 'old/page/index.html'."""
    alias = alias.strip().lstrip("/")
    if alias.endswith(".html") or alias.endswith(".htm"):
        return alias
    return posixpath.join(alias, "index.html")


def write_redirects(site_dir: Path, content: ContentSet, urls: dict[str, str], template_dir: str | None = None) -> int:
    n = 0
    for page in content.pages:
        for alias in page.aliases:
            rel_path = alias_target_path(alias)
            target = site_dir / rel_path
            if target.exists() or not target.resolve().is_relative_to(site_dir.resolve()):
                continue  # never shadow a real page, never write outside the site ('../..' aliases)
            depth = rel_path.count("/")
            url = "../" * depth + urls.get(page.src_path, page.url)
            body = render("redirect.html", template_dir, lang=page.lang, title=page.title, url=url)
            write_atomic(target, body.encode("utf-8"))
            n += 1
    return n

