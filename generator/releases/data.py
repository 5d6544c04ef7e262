"""The release list and entries of a content set, computed once per build."""

from __future__ import annotations

from ..content.model import ContentSet
from .cache import per_content
from .delta import entries_of
from .entries import Entry
from .links import resolve
from .model import Release, in_language, releases


def all_releases(content: ContentSet) -> list[Release]:
    return per_content(content, "releases", lambda: releases(content))


def releases_in(content: ContentSet, lang: str) -> list[Release]:
    """Every release, each in its ``lang`` translation when it has one (the others as written)."""
    return per_content(content, f"releases-{lang}", lambda: in_language(all_releases(content), content, lang))


def release_entries(content: ContentSet) -> dict[str, list[Entry]]:
    """Entries by release source path (translations included)."""

    def compute() -> dict[str, list[Entry]]:
        out = {r.page.src_path: entries_of(r) for r in all_releases(content)}
        for r in all_releases(content):
            for page in content.translations(r.page):
                if page.type == "release" and page.src_path not in out:
                    out[page.src_path] = entries_of(in_language([r], content, page.lang)[0])
        return out

    return per_content(content, "release-entries", compute)


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
