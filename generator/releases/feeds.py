"""File providers: the release notes as an Atom feed and a JSON Feed 1.1."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedFile
from ..site.html import render
from ..site.i18n import t
from ..site.listings import languages_present
from .data import all_releases, release_entries, releases_in
from .entries import KINDS, kind_title
from .links import page_url
from .model import Release
from .pages import uris_for
from .render import entry_html

FEED_SIZE = 50  # readers only look at recent items; the site has the rest


def _when(r: Release) -> dt.datetime:
    day = r.date or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _site(settings: Settings) -> str:
    return (settings.site_url or "").rstrip("/") + "/"


def _absolute(settings: Settings, url: str) -> str:
    return _site(settings) + url if settings.site_url else "/" + url


def _content_html(r: Release, content: ContentSet, settings: Settings) -> str:
    entries = release_entries(content)[r.page.src_path]
    base = _absolute(settings, "")
    sections = [(kind_title(kind, r.page.lang), [Markup(entry_html(e, r, "", content, settings, base=base)) for e in entries if e.kind == kind])
                for kind in KINDS]
    return render("feed_entry.html", settings.template_dir, summary=r.page.summary, sections=[s for s in sections if s[1]])


def _newest(content: ContentSet, lang: str) -> list[Release]:
    """The newest releases written in ``lang`` (a translation counts, an untranslated release does not)."""
    return [r for r in reversed(releases_in(content, lang)) if r.page.lang == lang][:FEED_SIZE]


def _entry_id(settings: Settings, r: Release) -> str:
    # Ids must never change: the page id is stable across moves, unlike the URL.
    return _absolute(settings, r.page.url) if settings.site_url else f"urn:kb:release:{r.page.id}"


def _title(r: Release) -> str:
    return r.page.title if r.label in r.page.title else f"{r.label}: {r.page.title}"


def atom(content: ContentSet, settings: Settings, lang: str | None = None) -> str:
    lang = lang or settings.default_lang
    uris = uris_for(content, lang, settings)
    items = _newest(content, lang)
    updated = max((_when(r) for r in items), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    home = page_url(uris["index"], settings)
    feed_id = "urn:kb:releases" if lang == settings.default_lang else f"urn:kb:releases:{lang}"
    return render(
        "feed.atom.xml", settings.template_dir, lang=lang, title=t(lang, "release_notes"), updated=updated.isoformat(),
        id=_absolute(settings, home) if settings.site_url else feed_id,
        home=_absolute(settings, home), self_url=_absolute(settings, uris["atom"]),
        entries=[{"title": _title(r), "id": _entry_id(settings, r), "url": _absolute(settings, r.page.url),
                  "when": _when(r).isoformat(), "summary": r.page.summary, "content": _content_html(r, content, settings)}
                 for r in items],
    ) + "\n"


def json_feed(content: ContentSet, settings: Settings, lang: str | None = None) -> str:
    lang = lang or settings.default_lang
    uris = uris_for(content, lang, settings)
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": t(lang, "release_notes"),
        "home_page_url": _absolute(settings, page_url(uris["index"], settings)),
        "feed_url": _absolute(settings, uris["json"]),
        "language": lang,
        "items": [],
    }
    for r in _newest(content, lang):
        item: dict[str, Any] = {
            "id": _entry_id(settings, r),
            "url": _absolute(settings, r.page.url),
            "title": _title(r),
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
    """One Atom and one JSON feed per language, each holding only the release notes written in it."""
    if not all_releases(content):
        return []
    out = []
    for lang in languages_present(content, settings):
        uris = uris_for(content, lang, settings)
        out += [GeneratedFile(uris["atom"], atom(content, settings, lang)), GeneratedFile(uris["json"], json_feed(content, settings, lang))]
    return out
