"""The reader's language: which results come first, and an article and its translation as one result.

The preferred language is the query's own script when it is Chinese (a Chinese question asked from
an English page wants the Chinese articles), otherwise the language of the page the reader searched
from. A query written only in Chinese lists every result in Chinese first; pages in other languages
are not dropped but listed after them, so an English-only answer still reaches a Chinese reader.
A query with Latin words (English, or mixed: "alertmanager 发不出告警通知" names things in English)
keeps a softer preference: other-language pages keep ``OTHER_LANGUAGE`` of their score (figures for
both in docs/search.md).

An article and its translations (``translation_of``) form a group that is listed once: the member in
the preferred language when it matches the query, otherwise the best-scoring member, at the rank of
the group's best-scoring member; the others are offered as "also in". Counts and facets are taken
over the same one-per-group set, so they agree with the list (the language facet counts a group
without a member in the preferred language under its first member's language).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .scoring import docs_of, mask_of

if TYPE_CHECKING:
    from .handle import IndexHandle

# Fitted on the tuning half of bench/queries (bench/search_tune.py): 0.05-0.35 ranked alike.
OTHER_LANGUAGE = 0.35
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def base(lang: str | None) -> str:
    """The primary language subtag: zh-CN and zh_Hans are zh."""
    return (lang or "").split("-")[0].split("_")[0].lower()


def strict(query: str) -> bool:
    """A query written only in Chinese: its results in Chinese come strictly first."""
    return bool(_CJK.search(query or "")) and not _LATIN_WORD.search(query)


def mixed(query: str) -> bool:
    """A query with Chinese and Latin words ("pod 一直重启")."""
    return bool(_CJK.search(query or "")) and bool(_LATIN_WORD.search(query))


def preferred(query: str, reader: str | None) -> str | None:
    if _CJK.search(query or ""):
        return "zh"
    return base(reader) or None


class Groups:
    """Translation groups of one index: docnum -> its group's docnums (only pages with translations)."""

    def __init__(self, handle: IndexHandle) -> None:
        self.of: dict[int, tuple[int, ...]] = {}
        for n, fields in enumerate(handle.keyterms):
            if fields is None or not fields[1]:
                continue
            members = {n} | {handle.docnum[t] for t in fields[1] if t in handle.docnum}
            if len(members) > 1:
                group = tuple(sorted(members))
                for m in group:
                    self.of[m] = group
        self.mask = mask_of(self.of, len(handle.docs))
        self.lang = [base(d.lang) if d else "" for d in handle.docs]

    def shown(self, group: tuple[int, ...], matched: int, prefer: str | None, best: int | None = None) -> int:
        """The member listed for ``group`` among the matching pages: the one in the preferred
        language, else ``best`` (the best-scoring member), else the first."""
        hits = [m for m in group if matched >> m & 1]
        for m in hits:
            if self.lang[m] == prefer:
                return m
        return best if best is not None else hits[0]

    def hidden(self, matched: int, prefer: str | None, size: int) -> int:
        """Mask of matching pages not listed because another member of their group is."""
        out = 0
        done: set[tuple[int, ...]] = set()
        for d in docs_of(matched & self.mask, size):
            group = self.of[d]
            if group in done:
                continue
            done.add(group)
            keep = self.shown(group, matched, prefer)
            for m in group:
                if m != keep and matched >> m & 1:
                    out |= 1 << m
        return out


def groups(handle: IndexHandle) -> Groups:
    cached: Groups | None = handle.__dict__.get("_groups")
    if cached is None:
        cached = handle.__dict__["_groups"] = Groups(handle)
    return cached


def arrange(handle: IndexHandle, ranked: list[tuple[float, int]], matched: int, prefer: str | None, strictly: bool = False) -> list[tuple[float, int, tuple[int, ...]]]:
    """(score, docnum shown, other members) best first: language preference, then one per group."""
    g = groups(handle)
    lang = g.lang
    if prefer and strictly:  # every result in the preferred language first, each part by score
        ranked = sorted(ranked, key=lambda sd: (lang[sd[1]] != prefer, -sd[0], -sd[1]))
    elif prefer:
        ranked = sorted(((s if lang[d] == prefer else s * OTHER_LANGUAGE, d) for s, d in ranked), reverse=True)
    out: list[tuple[float, int, tuple[int, ...]]] = []
    seen: set[tuple[int, ...]] = set()
    for score, d in ranked:
        group = g.of.get(d)
        if group is None:
            out.append((score, d, ()))
            continue
        if group in seen:
            continue
        seen.add(group)
        shown = g.shown(group, matched, prefer, d)
        out.append((score, shown, tuple(m for m in group if m != shown)))
    return out
