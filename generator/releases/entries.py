"""The items a release note announces, each classed as breaking, new, improved or fixed.

Our kb writes ``## New`` / ``## Improved`` / ``## Fixed`` / ``## Breaking changes`` with bullet lists.
Foreign notes use free-form H2/H3 headings: a heading whose words say what kind of change it holds
("Compatibility notes", "Platform Changes") gives its bullets that kind; any other heading
("Procedural Macros") is one entry of the nearest kind above it. A post with no usable headings is
one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.markdown_scan import Heading, code_mask, normalize_section_name, scan_links
from ..content.model import Page
from ..content.schema import RELEASE_SECTIONS
from ..safety.text import md_text
from ..site.i18n import t

KINDS = ("breaking", "new", "improved", "fixed")  # display order: breaking changes first
KIND_TITLES = {"breaking": "Breaking changes", "new": "New", "improved": "Improved", "fixed": "Fixed"}
# Our section headings, and the same sections in a Chinese release note.
_OURS = {normalize_section_name(s): k for names in (RELEASE_SECTIONS, ("新功能", "改进", "修复", "不兼容变更"))
         for s, k in zip(names, ("new", "improved", "fixed", "breaking"))}


def kind_title(kind: str, lang: str) -> str:
    """'Breaking changes' / '不兼容变更': a kind's heading in the reader's language."""
    return t(lang, f"kind_{kind}")

_CLASSIFY = (
    ("breaking", re.compile(r"break|incompatib|compatibility|deprecat|remov|no longer", re.I)),
    ("fixed", re.compile(r"\bfix|\bbug|regression|security|vulnerab", re.I)),
    ("improved", re.compile(r"improv|enhanc|performance|\bchange|\bupdate|upgrade|platform", re.I)),
    ("new", re.compile(r"\bnew\b|\badd|feature|introduc|stabiliz", re.I)),
)
# Headings that announce a whole release ("What's in 1.80.0 stable"): their bullets are entries.
_CONTAINER = re.compile(r"^what'?s (in|new|shipping)|^release notes$|^change ?log\b", re.I)
_SKIP = re.compile(
    r"contributor|thank|final note|before digging|^happy\b|full details|looking forward|^install|appendix|"
    r"sponsor|^getting\b|^how to|^summary$|^what happens|^what (remains|is left)",
    re.I,
)
_BULLET = re.compile(r"^([-*+])\s+(.*)$")
_TASK = re.compile(r"^\[[ xX]\]\s+")


@dataclass(frozen=True)
class Entry:
    kind: str
    markdown: str  # inline Markdown as written; links are relative to ``src_path``
    src_path: str
    line: int
    anchor: str | None = None  # set when the entry is a heading: link to that section

    def link_targets(self) -> list[str]:
        return [link.target for link in scan_links(self.markdown)]


def classify(text: str) -> str | None:
    for kind, pattern in _CLASSIFY:
        if pattern.search(text):
            return kind
    return None


_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
_REF_USE = re.compile(r"\[([^\]]+)\]\[([^\]]*)\]")


def _inline_references(text: str, refs: dict[str, str]) -> str:
    """``[x][44466]`` becomes ``[x](url)``: an entry shown away from its post loses the definitions."""
    def sub(m: re.Match[str]) -> str:
        url = refs.get((m.group(2) or m.group(1)).strip().lower())
        return f"[{m.group(1)}]({url})" if url else m.group(0)

    return _REF_USE.sub(sub, text)


def extract(page: Page, default_kind: str = "new") -> list[Entry]:
    entries = _extract(page, default_kind)
    if "]:" not in page.body:
        return entries
    lines = page.body.splitlines()
    mask = code_mask(lines)
    refs = {m.group(1).strip().lower(): m.group(2) for i, line in enumerate(lines) if not mask[i] for m in [_REF_DEF.match(line)] if m}
    return [Entry(e.kind, _inline_references(e.markdown, refs), e.src_path, e.line, e.anchor) for e in entries]


def _extract(page: Page, default_kind: str) -> list[Entry]:
    lines = page.body.splitlines()
    mask = code_mask(lines)
    ours = [h for h in page.headings if h.level == 2 and normalize_section_name(h.text) in _OURS]
    if ours:
        out = []
        for h in ours:
            out += [Entry(_OURS[normalize_section_name(h.text)], text, page.src_path, line) for text, line in _bullets(page, h, lines, mask)]
        return out
    out = _foreign(page, lines, mask, default_kind)
    if not out:
        out = [Entry(default_kind, md_text(page.summary or page.title), page.src_path, page.body_line)]  # text, not Markdown
    return out


def _foreign(page: Page, lines: list[str], mask: list[bool], default_kind: str) -> list[Entry]:
    heads = [h for h in page.headings if h.level >= 2]
    out: list[Entry] = []
    stack: list[tuple[Heading, str | None, bool]] = []  # (heading, kind, skipped)
    for n, h in enumerate(heads):
        while stack and stack[-1][0].level >= h.level:
            stack.pop()
        parent_kind = next((k for _, k, _ in reversed(stack) if k), None)
        skipped = bool(_SKIP.search(h.text)) or any(s for _, _, s in stack)
        own = classify(h.text)
        container = bool(_CONTAINER.search(h.text))
        stack.append((h, own or parent_kind, skipped))
        if skipped:
            continue
        has_children = n + 1 < len(heads) and heads[n + 1].level > h.level
        bullets = _bullets(page, h, lines, mask, direct_only=True)
        kind = own or parent_kind or default_kind
        if (own or container) and bullets and not _mostly_names(bullets):
            # Under a "What's in 1.22" heading each bullet says its own kind ("Fixed ...", "Added ...").
            out += [Entry((classify(text) if not own else None) or kind, text, page.src_path, line) for text, line in bullets]
        elif not has_children:
            out.append(Entry(kind, h.text, page.src_path, h.line, anchor=h.anchor))
    return out


_BARE_NAME = re.compile(r"^\[?`[^`]+`\]?(\[[^\]]*\]|\([^)]*\))?\s*(->\s*`[^`]+`)?$")


def _mostly_names(bullets: list[tuple[str, int]]) -> bool:
    """A list of bare API names ("Stabilized APIs") reads as one entry, not dozens."""
    return sum(1 for text, _ in bullets if _BARE_NAME.match(text)) * 2 > len(bullets)


def _bullets(page: Page, head: Heading, lines: list[str], mask: list[bool], direct_only: bool = False) -> list[tuple[str, int]]:
    """Top-level bullet items under ``head`` (up to the next heading; a deeper one too unless direct_only)."""
    start = head.line - page.body_line + 1
    ends = [h.line - page.body_line for h in page.headings if h.line > head.line and (direct_only or h.level <= head.level)]
    end = min(ends) if ends else len(lines)
    out: list[tuple[str, int]] = []
    current: list[str] | None = None
    for i in range(start, end):
        line = lines[i]
        if mask[i]:
            current = None
            continue
        m = _BULLET.match(line)
        if m:
            current = [_TASK.sub("", m.group(2).strip())]
            out.append((current, page.body_line + i))  # type: ignore[arg-type]
        elif current is not None and line.startswith((" ", "\t")) and line.strip() and not _BULLET.match(line.strip()):
            current.append(line.strip())  # a wrapped line of the same item
        else:
            current = None
    return [(" ".join(parts), line) for parts, line in out if " ".join(parts).strip()]
