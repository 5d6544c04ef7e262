"""Which pages are releases, their versions and dates, and their order.

The loader derives a version from the file name or title and a date from front matter first. Foreign
sets need more: a Jekyll file-name date beats a hand-typed ``date:`` (cloud.gov), and a blog may hold
two posts for one version (Rust's ``Rust-1.0@0.md`` "Road to Rust 1.0" beside the real announcement).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..content import dates
from ..content.model import ContentSet, Page
from ..content.versions import Version, find_version


@dataclass
class Release:
    page: Page
    version: Version | None
    date: dt.date | None
    related: list[Page] = field(default_factory=list)  # other posts about the same version

    @property
    def label(self) -> str:
        """'3.2.0' for versioned notes, the date for dated ones (cloud.gov)."""
        if self.version is not None:
            return self.version.text
        return self.date.isoformat() if self.date else self.page.title

    @property
    def short(self) -> str:
        """'3.2' for 3.2.0 ("Changed in 3.2"), the full label otherwise."""
        v = self.version
        if v is not None and not v.is_prerelease and len(v.key.release) >= 2 and all(n == 0 for n in v.key.release[2:]):
            return v.minor
        return self.label

    @property
    def is_stable(self) -> bool:
        return self.version is None or not self.version.is_prerelease

    @property
    def is_patch(self) -> bool:
        return self.version is not None and len(self.version.key.release) > 2 and self.version.key.release[2] > 0

    @property
    def group(self) -> str:
        """Index grouping: the minor version, or the year for dated notes."""
        if self.version is not None:
            return self.version.minor
        return str(self.date.year) if self.date else "Undated"


def release_version(page: Page) -> Version | None:
    if page.version is not None:
        return page.version
    v = page.meta.get("version")
    return find_version(str(v)) if v else (find_version(page.source_stem) or find_version(page.title))


def release_date(page: Page, managed: bool) -> dt.date | None:
    """Our kb trusts ``date:``; foreign Jekyll posts trust their YYYY-MM-DD file-name prefix."""
    if managed:
        return page.date
    return dates.date_from_path(page.src_path) or page.date


def _flagged(page: Page) -> bool | None:
    """Zola/Hugo blogs mark real release posts with ``[extra] release = true``; None when unmarked."""
    extra = page.meta.get("extra")
    if isinstance(extra, dict) and "release" in extra:
        return bool(extra["release"])
    return None


def releases(content: ContentSet) -> list[Release]:
    """Every release, oldest first; posts that share a version are folded into one release."""
    pages = [p for p in content.of_type("release") if not _is_listing(p) and not is_translation(p, content)]
    any_flag = any(_flagged(p) for p in pages)
    by_version: dict[Version, list[Page]] = {}
    out: list[Release] = []
    for page in pages:
        version = release_version(page)
        if version is None:
            out.append(Release(page, None, release_date(page, content.managed)))
        else:
            by_version.setdefault(version, []).append(page)
    for version, group in by_version.items():
        group.sort(key=lambda p: _primary_key(p, any_flag, version, content.managed), reverse=True)
        primary = group[0]
        out.append(Release(primary, version, release_date(primary, content.managed), related=group[1:]))
    return order(out)


def _primary_key(page: Page, any_flag: bool, version: Version, managed: bool) -> tuple[Any, ...]:
    # A post the blog flags as a release wins; a pre-release post (alpha/beta) is never flagged but
    # is still the release of its own version; among the rest the later post announces the release.
    flagged = bool(_flagged(page)) or (any_flag and version.is_prerelease)
    return (flagged, release_date(page, managed) or dt.date.min, page.src_path)


def is_translation(page: Page, content: ContentSet) -> bool:
    """A translation of another release note: the same release, read in another language (``in_language``)."""
    original = content.by_id.get(page.translation_of or "")
    return original is not None and original is not page and original.type == "release"


def in_language(items: list[Release], content: ContentSet, lang: str) -> list[Release]:
    """The releases as a reader of ``lang`` sees them: each one's translation into ``lang`` when there is one."""
    out = []
    for r in items:
        mine = next((p for p in [r.page, *content.translations(r.page)] if p.lang == lang and p.type == "release"), r.page)
        out.append(r if mine is r.page else replace(r, page=mine))
    return out


def _is_listing(page: Page) -> bool:
    """Folder landing pages (Hugo ``_index.md``, README) in a release set are not releases."""
    name = page.src_path.rsplit("/", 1)[-1].lower()
    return name in ("_index.md", "readme.md", "readme")


def order(items: list[Release]) -> list[Release]:
    """Semantic-version order when every release has a version, else date order."""
    if items and all(r.version is not None for r in items):
        return sorted(items, key=lambda r: (r.version.key if r.version else (), r.date or dt.date.min, r.page.src_path))
    return sorted(items, key=lambda r: (r.date or dt.date.min, r.version.key if r.version else (), r.page.src_path))


def latest_stable(items: list[Release]) -> Release | None:
    stable = [r for r in items if r.is_stable]
    return stable[-1] if stable else (items[-1] if items else None)


def find(items: list[Release], text: str) -> Release | None:
    """The release a user names on the command line: a version ('1.80', 'v3.2.0') or a date."""
    text = text.strip()
    try:
        wanted = Version.parse(text)
    except ValueError:
        wanted = None
    if wanted is not None:
        for r in items:
            if r.version == wanted:
                return r
    day = dates.to_date(text) if any(c in text for c in "-/") else None
    if day is not None:
        for r in items:
            if r.date == day and r.version is None:
                return r
    return None
