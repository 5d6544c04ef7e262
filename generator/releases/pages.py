"""Page provider: the release-notes index (grouped by minor version or year), 'latest' and 'changes'."""

from __future__ import annotations

from typing import Iterable

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedPage
from .changes_page import changes_page
from .data import all_releases, release_entries
from .entries import KIND_TITLES, KINDS
from .links import free_uri, md_link, page_url, url_between
from .model import Release, latest_stable
from .render import entry_markdown
from ..safety.text import md_text

INDEX = "releases/index.md"
LATEST = "releases/latest.md"
CHANGES = "releases/changes.md"


def release_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    items = all_releases(content)
    if not items:
        return []
    uris = uris_for(content)
    return [index_page(items, uris, settings), latest_page(items, content, uris, settings), changes_page(items, content, uris, settings)]


def uris_for(content: ContentSet) -> dict[str, str]:
    """Where the three pages go; a content file already at that path keeps it and ours moves aside."""
    return {
        "index": free_uri(content, INDEX, "releases/all-releases.md"),
        "latest": free_uri(content, LATEST, "releases/latest-release.md"),
        "changes": free_uri(content, CHANGES, "releases/what-changed.md"),
    }


def _line(r: Release, src: str) -> str:
    parts = [f"[{md_text(r.label)}]({md_link(src, r.page.src_path)})"]
    if r.version is not None and r.date:
        parts.append(r.date.isoformat())
    if r.page.title and r.page.title != r.label:
        parts.append(md_text(r.page.title))
    if r.version is not None and r.version.is_prerelease:
        parts.append("*pre-release*")
    line = "- " + " — ".join(parts)
    if r.page.summary:
        line += f"  \n  {md_text(r.page.summary)}"
    for other in r.related:
        line += f"  \n  See also: [{md_text(other.title)}]({md_link(src, other.src_path)})"
    return line


def index_page(items: list[Release], uris: dict[str, str], settings: Settings) -> GeneratedPage:
    src = uris["index"]
    here = page_url(src, settings)
    latest = latest_stable(items)
    lines = ["# Release notes", ""]
    if latest is not None:
        lines.append(f"Latest release: **[{md_text(latest.label)}]({md_link(src, latest.page.src_path)})**" + (f" ({latest.date.isoformat()})" if latest.date else "") + ".")
        lines.append("")
    lines.append(f"[What changed between two versions?]({md_link(src, uris['changes'])})")
    feeds = [("Atom feed", "releases/feed.xml"), ("JSON feed", "releases/feed.json")]
    lines += ["", " · ".join(f'<a href="{url_between(here, dest)}">{name}</a>' for name, dest in feeds), ""]
    groups: dict[str, list[Release]] = {}
    for r in reversed(items):  # newest first
        groups.setdefault(r.group, []).append(r)
    for group, members in groups.items():
        lines += [f"## {md_text(group)}", ""] + [_line(r, src) for r in members] + [""]
    return GeneratedPage(src, "Release notes", "\n".join(lines), settings.default_lang, in_nav=True, nav_order=40)


def latest_page(items: list[Release], content: ContentSet, uris: dict[str, str], settings: Settings) -> GeneratedPage:
    src = uris["latest"]
    latest = latest_stable(items)
    assert latest is not None
    lines = [f"# Latest release: {md_text(latest.label)}", ""]
    if latest.date:
        lines += [f"Released {latest.date.isoformat()}.", ""]
    if latest.page.summary:
        lines += [md_text(latest.page.summary), ""]
    lines += [f"[Read the full release notes for {md_text(latest.label)}]({md_link(src, latest.page.src_path)}) · [All releases]({md_link(src, uris['index'])})", ""]
    entries = release_entries(content)[latest.page.src_path]
    for kind in KINDS:
        mine = [e for e in entries if e.kind == kind]
        if mine:
            lines += [f"## {KIND_TITLES[kind]}", ""] + [f"- {entry_markdown(e, latest, src)}" for e in mine] + [""]
    return GeneratedPage(src, f"Latest release ({latest.label})", "\n".join(lines), settings.default_lang)
