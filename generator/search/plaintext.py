"""Markdown body -> plain text for the index and snippets, remembering where each heading starts.

Line-based and regex-only on purpose: it runs over every page on every build. Code fences stay as
text (people paste error messages and commands); HTML comments go (licence headers are not content).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.content.markdown_scan import Heading, scan_headings

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# (pattern, replacement, characters one of which the pattern needs): a line without them skips it.
_INLINE = [
    (re.compile(r"<!--.*?-->"), " ", "<"),
    (re.compile(r"\{%.*?%\}|\{\{.*?\}\}"), " ", "{"),  # Liquid / Hugo shortcodes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1", "["),  # images keep their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1", "["),
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1", "["),
    (re.compile(r"<[^>\n]{0,400}>"), " ", "<"),
    (re.compile(r"\{[:#.][^}]*\}"), " ", "{"),  # attribute lists {: .class} {#id}
    (re.compile(r"(\*\*|__|~~|`+)"), "", "*_~`"),
    (re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), "", "*"),
]
_SPACES = re.compile(r"\s{2,}")
_LINE_DROP = re.compile(
    r"^\s*(\[[^\]]+\]:\s*\S+.*|import\s+\w+.*from\s+['\"].*|:::+\s*\w*\s*$|[|:\- ]+$)$"
)
_LINE_PREFIX = re.compile(
    r"^\s*(?:>\s*)*(?:\[!\w+\]\s*)?(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|!!!\??\+?\s*\w+|\?\?\?\+?\s*\w+|:::+\s*\w+|===\s*)?"
)


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    level: int
    start: int  # offset in the plain text where this section's heading starts


@dataclass
class PlainPage:
    text: str
    sections: list[Section]


# Every character some pattern of _INLINE needs: most prose lines have none and skip them all.
_NEEDED = re.compile("[" + re.escape("".join(sorted({c for _, _, needs in _INLINE for c in needs}))) + "]")


def inline_plain(line: str) -> str:
    if _NEEDED.search(line) is not None:
        for rx, repl, needs in _INLINE:
            if any(map(line.__contains__, needs)):
                line = rx.sub(repl, line)
    return html.unescape(line)


def to_plain(body: str, headings: list[Heading] | None = None, body_line: int = 0) -> PlainPage:
    lines = body.split("\n")
    if headings is None:
        headings, body_line = scan_headings(body, 0), 0
    at_line = {h.line - body_line: h for h in headings}
    out: list[str] = []
    size = 0
    sections: list[Section] = []
    fence: str | None = None
    in_comment = False
    for i, line in enumerate(lines):
        if fence is not None:
            s = line.strip()
            if s.startswith(fence) and set(s) <= set(fence[0]):
                fence = None
                continue
            text = line.strip()  # code stays text, unprocessed
        else:
            if in_comment:
                if "-->" in line:
                    in_comment = False
                    line = line.split("-->", 1)[1]
                else:
                    continue
            if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
                in_comment = True
                line = line.split("<!--", 1)[0]
            m = _FENCE.match(line)
            if m:
                fence = m.group(1)
                continue
            h = at_line.get(i)
            if h is not None:
                sections.append(Section(h.text, h.anchor, h.level, size))
                text = h.text
            elif _LINE_DROP.match(line):
                continue
            else:
                text = inline_plain(_LINE_PREFIX.sub("", line, count=1)).strip()
                if "|" in text or "  " in text:
                    text = _SPACES.sub(" ", text.replace("|", " "))
        if text:
            out.append(text)
            size += len(text) + 1
    return PlainPage("\n".join(out), sections)


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The heading a text offset falls under (the last one starting at or before it)."""
    best = None
    for s in sections:
        if s.start <= offset:
            best = s
        else:
            break
    return best
