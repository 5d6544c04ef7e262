"""The release list and entries of a content set, computed once per build."""

from __future__ import annotations

from ..content.model import ContentSet
from .cache import per_content
from .delta import entries_of
from .entries import Entry
from .links import resolve
from .model import Release, releases


def all_releases(content: ContentSet) -> list[Release]:
    return per_content(content, "releases", lambda: releases(content))


def release_entries(content: ContentSet) -> dict[str, list[Entry]]:
    """Entries by release source path."""
    return per_content(content, "release-entries", lambda: {r.page.src_path: entries_of(r) for r in all_releases(content)})


def changed_pages(content: ContentSet) -> dict[str, list[tuple[Release, list[Entry]]]]:
    """Content source path -> the releases that change it (linked from an entry or listed in ``affects``), newest first."""

    def compute() -> dict[str, list[tuple[Release, list[Entry]]]]:
        out: dict[str, list[tuple[Release, list[Entry]]]] = {}
        entries = release_entries(content)
        for r in reversed(all_releases(content)):
            hits: dict[str, list[Entry]] = {}
            for e in entries[r.page.src_path]:
                for target in e.link_targets():
                    path = resolve(e.src_path, target)
                    if path in content.by_path:
                        hits.setdefault(path, []).append(e)
            for page_id in r.page.affects:
                page = content.by_id.get(page_id)
                if page is not None:
                    hits.setdefault(page.src_path, [])
            for path, es in hits.items():
                out.setdefault(path, []).append((r, es))
        return out

    return per_content(content, "changed-pages", compute)
