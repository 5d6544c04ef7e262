"""Page provider: per language, the release-notes index (grouped by minor version or year), 'latest' and 'changes'.

Each language present gets its own three pages (``releases/...`` for the default language,
``zh/releases/...`` for Chinese) in its own words and date format. They list every release, each in
its translation into that language when it has one; an untranslated one is marked with its language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content.model import ContentSet
from ..safety.text import md_text
from ..settings import Settings
from ..site import GeneratedPage, formats
from ..site.html import render
from ..site.i18n import t
from ..site.links import lang_prefix
from ..site.listings import languages_present
from .changes_page import changes_page
from .data import all_releases, release_entries, releases_in
from .entries import KINDS, kind_title
from .links import free_uri, md_link, page_url, url_between
from .model import Release, latest_stable
from .render import entry_markdown

INDEX = "releases/index.md"
LATEST = "releases/latest.md"
CHANGES = "releases/changes.md"


def release_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    if not all_releases(content):
        return []
    langs = languages_present(content, settings)
    uris = {lang: uris_for(content, lang, settings) for lang in langs}
    out = []
    for lang in langs:
        items = releases_in(content, lang)
        alternates = {kind: {other: uris[other][kind] for other in langs} for kind in ("index", "latest", "changes")}
        out += [index_page(items, uris[lang], settings, lang, alternates["index"]),
                latest_page(items, content, uris[lang], settings, lang, alternates["latest"]),
                changes_page(items, content, uris[lang], settings, lang, alternates["changes"])]
    return out


def uris_for(content: ContentSet, lang: str = "en", settings: Settings | None = None) -> dict[str, str]:
    """Where the pages and feeds of ``lang`` go; a content file already at that path keeps it and ours moves aside."""
    pre = lang_prefix(lang, settings.default_lang) if settings else ""
    return {
        "index": free_uri(content, pre + INDEX, pre + "releases/all-releases.md"),
        "latest": free_uri(content, pre + LATEST, pre + "releases/latest-release.md"),
        "changes": free_uri(content, pre + CHANGES, pre + "releases/what-changed.md"),
        "atom": pre + "releases/feed.xml",
        "json": pre + "releases/feed.json",
    }


def _marked(text: str, page_lang: str, lang: str, named: bool = True) -> str:
    """Text from a page in another language, marked as such for screen readers (``lang``) and, when
    ``named``, for readers ("（英语）")."""
    if page_lang == lang:
        return md_text(text)
    name = t(lang, "in_language", language=formats.language_name(page_lang, lang)) if named else ""
    return f'<span lang="{page_lang}">{md_text(text)}</span>{name}'


def _line(r: Release, src: str, lang: str) -> str:
    parts = [f"[{md_text(r.label)}]({md_link(src, r.page.src_path)})"]
    if r.version is not None and r.date:
        parts.append(formats.day(r.date, lang))
    titled = bool(r.page.title) and r.page.title != r.label
    if titled:
        parts.append(_marked(r.page.title, r.page.lang, lang))
    if r.version is not None and r.version.is_prerelease:
        parts.append(f"*{t(lang, 'pre_release')}*")
    line = "- " + " — ".join(parts)
    if r.page.summary:
        line += f"  \n  {_marked(r.page.summary, r.page.lang, lang, named=not titled)}"
    for other in r.related:
        line += f"  \n  {t(lang, 'see_also')}: [{md_text(other.title)}]({md_link(src, other.src_path)})"
    return line


def index_page(items: list[Release], uris: dict[str, str], settings: Settings, lang: str = "en",
               alternates: dict[str, str] | None = None) -> GeneratedPage:
    src = uris["index"]
    here = page_url(src, settings)
    latest = latest_stable(items)
    lines = [f"# {t(lang, 'release_notes')}", ""]
    if latest is not None:
        link = f"**[{md_text(latest.label)}]({md_link(src, latest.page.src_path)})**"
        lines.append(t(lang, "latest_release_is", link=link, date=formats.day(latest.date, lang)) if latest.date
                     else t(lang, "latest_release_is_undated", link=link))
        lines.append("")
    lines.append(f"[{t(lang, 'what_changed_link')}]({md_link(src, uris['changes'])})")
    feeds = [(t(lang, "atom_feed"), url_between(here, uris["atom"])), (t(lang, "json_feed"), url_between(here, uris["json"]))]
    lines += ["", render("feed_links.html", settings.template_dir, feeds=feeds), ""]
    groups: dict[str, list[Release]] = {}
    for r in reversed(items):  # newest first
        groups.setdefault(r.group if r.group != "Undated" else t(lang, "undated"), []).append(r)
    for group, members in groups.items():
        lines += [f"## {md_text(group)}", ""] + [_line(r, src, lang) for r in members] + [""]
    return GeneratedPage(src, t(lang, "release_notes"), "\n".join(lines), lang, _meta("index", alternates), in_nav=True, nav_order=40)


def _meta(kind: str, alternates: dict[str, str] | None) -> dict[str, Any]:
    return {"kb_listing": f"releases-{kind}", "kb_translations": alternates} if alternates else {}


def latest_page(items: list[Release], content: ContentSet, uris: dict[str, str], settings: Settings, lang: str = "en",
                alternates: dict[str, str] | None = None) -> GeneratedPage:
    src = uris["latest"]
    latest = latest_stable(items)
    assert latest is not None
    lines = [f"# {t(lang, 'latest_release_heading', label=md_text(latest.label))}", ""]
    if latest.date:
        lines += [t(lang, "released_on", date=formats.day(latest.date, lang)), ""]
    if latest.page.summary:
        lines += [_marked(latest.page.summary, latest.page.lang, lang), ""]  # the only text of the note here
    lines += [f"[{t(lang, 'read_full_notes', label=md_text(latest.label))}]({md_link(src, latest.page.src_path)}) · "
              f"[{t(lang, 'all_releases')}]({md_link(src, uris['index'])})", ""]
    entries = release_entries(content)[latest.page.src_path]
    for kind in KINDS:
        mine = [e for e in entries if e.kind == kind]
        if mine:
            bullets = [f"- {entry_markdown(e, latest, src)}" for e in mine]
            if latest.page.lang != lang:  # the notes' own words, in the language they are written in
                bullets = [f'<div lang="{latest.page.lang}" markdown>', "", *bullets, "", "</div>"]
            lines += [f"## {kind_title(kind, lang)}", ""] + bullets + [""]
    return GeneratedPage(src, t(lang, "latest_release_title", label=latest.label), "\n".join(lines), lang, _meta("latest", alternates))
