"""What changed between two versions: every entry of the releases after ``since`` up to ``to``.

The same rule runs in Python (``kb changelog``) and in the changes page's script, so it is kept to
one sentence: a release counts when since < release <= to, except a pre-release whose final release
is also counted (the final notes repeat and supersede the beta's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content.versions import Version
from .entries import KIND_TITLES, KINDS, Entry, extract
from .model import Release, find


@dataclass
class Change:
    release: Release
    entry: Entry


def entries_of(release: Release) -> list[Entry]:
    return extract(release.page, "fixed" if release.is_patch else "new")


def superseded_by(items: list[Release]) -> list[int | None]:
    """For each release, the index of the final release that supersedes it (pre-releases only)."""
    finals = {r.version.key.base_version: i for i, r in enumerate(items) if r.version is not None and not r.version.is_prerelease}
    return [finals.get(r.version.key.base_version) if r.version is not None and r.version.is_prerelease else None for r in items]


def position(items: list[Release], text: str | None, default: int) -> int:
    """Index of the release a boundary names; a version nobody released falls between its neighbours."""
    if text is None:
        return default
    exact = find(items, text)
    if exact is not None:
        return items.index(exact)
    try:
        wanted: Version | dt.date | None = Version.parse(text)
    except ValueError:
        wanted = None
    if isinstance(wanted, Version):
        below = [i for i, r in enumerate(items) if r.version is not None and r.version < wanted]
    else:
        from ..content.dates import to_date

        day = to_date(text)
        if day is None:
            raise ValueError(f"'{text}' is neither a version nor a date of a release")
        below = [i for i, r in enumerate(items) if r.date is not None and r.date <= day]
    return below[-1] if below else -1


def between(items: list[Release], since: str | None, to: str | None = None) -> list[Change]:
    """Changes after ``since`` up to and including ``to`` (default: the newest release), breaking first."""
    lo = position(items, since, -1)
    hi = position(items, to, len(items) - 1)
    sup = superseded_by(items)
    chosen = [i for i in range(lo + 1, hi + 1) if not ((s := sup[i]) is not None and lo < s <= hi)]
    changes = [Change(items[i], e) for i in reversed(chosen) for e in entries_of(items[i])]
    rank = {k: n for n, k in enumerate(KINDS)}
    return sorted(changes, key=lambda c: rank[c.entry.kind])  # stable: newest release first within a kind


def grouped(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    return [(KIND_TITLES[k], [c for c in changes if c.entry.kind == k]) for k in KINDS if any(c.entry.kind == k for c in changes)]
