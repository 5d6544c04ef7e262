"""File providers: the release notes as an Atom feed and a JSON Feed 1.1."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any, Iterable
from xml.sax.saxutils import escape

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedFile
from .data import all_releases, release_entries
from .entries import KIND_TITLES, KINDS
from .model import Release
from .render import entry_html

FEED_SIZE = 50  # readers only look at recent items; the site has the rest


def _when(r: Release) -> dt.datetime:
    day = r.date or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _site(settings: Settings) -> str:
    return (settings.site_url or "").rstrip("/") + "/"


def _absolute(settings: Settings, url: str) -> str:
    return _site(settings) + url if settings.site_url else "/" + url


def _content_html(r: Release, content: ContentSet, settings: Settings) -> str:
    entries = release_entries(content)[r.page.src_path]
    parts = [f"<p>{html.escape(r.page.summary)}</p>"] if r.page.summary else []
    for kind in KINDS:
        mine = [e for e in entries if e.kind == kind]
        if mine:
            base = _absolute(settings, "")
            items = "".join("<li>" + entry_html(e, r, "", content, settings, base=base) + "</li>" for e in mine)
            parts.append(f"<h2>{KIND_TITLES[kind]}</h2><ul>{items}</ul>")
    return "".join(parts)


def _newest(content: ContentSet) -> list[Release]:
    return list(reversed(all_releases(content)))[:FEED_SIZE]


def _entry_id(settings: Settings, r: Release) -> str:
    # Ids must never change: the page id is stable across moves, unlike the URL.
    return _absolute(settings, r.page.url) if settings.site_url else f"urn:kb:release:{r.page.id}"


def atom(content: ContentSet, settings: Settings) -> str:
    items = _newest(content)
    updated = max((_when(r) for r in items), default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Release notes</title>",
        f"<id>{escape(_absolute(settings, 'releases/') if settings.site_url else 'urn:kb:releases')}</id>",
        f'<link rel="alternate" type="text/html" href="{escape(_absolute(settings, "releases/"))}"/>',
        f'<link rel="self" type="application/atom+xml" href="{escape(_absolute(settings, "releases/feed.xml"))}"/>',
        f"<updated>{updated.isoformat()}</updated>",
        "<author><name>Release notes</name></author>",
    ]
    for r in items:
        title = r.page.title if r.label in r.page.title else f"{r.label}: {r.page.title}"
        out += [
            "<entry>",
            f"<title>{escape(title)}</title>",
            f"<id>{escape(_entry_id(settings, r))}</id>",
            f'<link rel="alternate" type="text/html" href="{escape(_absolute(settings, r.page.url))}"/>',
            f"<updated>{_when(r).isoformat()}</updated>",
            f"<published>{_when(r).isoformat()}</published>",
        ]
        if r.page.summary:
            out.append(f"<summary>{escape(r.page.summary)}</summary>")
        out += [f'<content type="html">{escape(_content_html(r, content, settings))}</content>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def json_feed(content: ContentSet, settings: Settings) -> str:
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Release notes",
        "home_page_url": _absolute(settings, "releases/"),
        "feed_url": _absolute(settings, "releases/feed.json"),
        "language": settings.default_lang,
        "items": [],
    }
    for r in _newest(content):
        item: dict[str, Any] = {
            "id": _entry_id(settings, r),
            "url": _absolute(settings, r.page.url),
            "title": r.page.title if r.label in r.page.title else f"{r.label}: {r.page.title}",
            "content_html": _content_html(r, content, settings) or html.escape(r.page.title),
            "date_published": _when(r).isoformat(),
        }
        if r.page.summary:
            item["summary"] = r.page.summary
        if r.version is not None:
            item["tags"] = [r.version.text]
        feed["items"].append(item)
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def release_feeds(content: ContentSet, settings: Settings) -> Iterable[GeneratedFile]:
    if not all_releases(content):
        return []
    return [GeneratedFile("releases/feed.xml", atom(content, settings)), GeneratedFile("releases/feed.json", json_feed(content, settings))]
