"""Who may read a page: ``public`` (anyone) or ``internal`` (signed-in staff only).

Each page says so in its front matter (``audience:``) or takes its content type's default from the
configuration (``audiences`` in the plugin options; runbooks are internal unless told otherwise).
A public build is made from the public pages alone, so nothing internal reaches its files: pages,
listings, counts, feeds, sitemap, redirects, manifest, search indexes, alerts.json.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .model import ContentSet, Page

PUBLIC, INTERNAL = "public", "internal"
AUDIENCES = (PUBLIC, INTERNAL)
# Every content type not named here is public by default.
DEFAULT_AUDIENCES: Mapping[str, str] = {"runbook": INTERNAL, "article": PUBLIC, "incident": PUBLIC, "release": PUBLIC}


def assign(pages: list[Page], defaults: Mapping[str, str] | None = None) -> None:
    """Give every page without an ``audience`` of its own its content type's default."""
    defaults = DEFAULT_AUDIENCES if defaults is None else defaults
    for page in pages:
        if page.audience is None:
            page.audience = defaults.get(page.type, PUBLIC)


def readable_by(content: ContentSet, audience: str) -> ContentSet:
    """The content set as ``audience`` sees it: internal readers see every page, the public only public ones."""
    if audience == INTERNAL:
        return content
    pages = [p for p in content.pages if p.audience == PUBLIC]
    shown = {os.path.abspath(Path(content.root) / p.src_path) for p in pages}
    return ContentSet(
        root=content.root, pages=pages, taxonomy=content.taxonomy,
        diagnostics=content.diagnostics, managed=content.managed, assets=content.assets, refused=content.refused,
        sources={path: raw for path, raw in content.sources.items() if path in shown},
    )


def defaults_problems(defaults: Mapping[str, object], types: tuple[str, ...]) -> list[str]:
    """What is wrong with a configured ``audiences`` mapping, as messages naming the bad entry."""
    problems = []
    for ctype, audience in defaults.items():
        if ctype not in types:
            problems.append(f"audiences: unknown content type {str(ctype)[:60]!r} (expected one of {', '.join(types)})")
        elif audience not in AUDIENCES:
            problems.append(f"audiences: {ctype} must be 'public' or 'internal' (got {str(audience)[:60]!r})")
    return problems


def internal_site_dir(site_dir: Path) -> Path:
    """Where `kb build` puts the internal site: beside the public one, never inside it (a static
    host publishing the public folder must not be able to serve it)."""
    site_dir = Path(site_dir)
    return site_dir.with_name(site_dir.name + "-internal")
