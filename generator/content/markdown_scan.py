"""Line-based scanning of Markdown: headings, links and sections, ignoring code and HTML comments.

Fast and dependency-free on purpose: it runs over every file on every ``kb check`` and build, and only
needs to know where things are, not how they render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pymdownx.slugs import slugify as _pymdownx_slugify

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w\-\u00c0-\uffff]+)[^}]*\}\s*$")
_INLINE_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_IMAGE_LINK = re.compile(r"!\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<target>\S+)")
_INLINE_MARKUP = re.compile(r"(\*\*|__|\*|_|`|~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")

# The same slug function mkdocs.yml gives the toc extension, so computed anchors match the HTML.
slugify = _pymdownx_slugify(case="lower")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # plain text, inline markup removed
    anchor: str
    line: int  # line in the file (not in the body)


@dataclass(frozen=True)
class Link:
    target: str
    text: str
    line: int
    image: bool = False


def plain_text(md: str) -> str:
    """Inline Markdown to plain text, good enough for titles and headings."""
    md = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"<[^>]+>", "", md)
    md = _INLINE_MARKUP.sub("", md)
    return md.strip()


def code_mask(lines: list[str]) -> list[bool]:
    """True for lines inside fenced code blocks or HTML comments (including the fences)."""
    mask = [False] * len(lines)
    fence: str | None = None
    in_comment = False
    for i, line in enumerate(lines):
        if fence is not None:
            mask[i] = True
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) <= set(fence[0]):
                fence = None
            continue
        if in_comment:
            mask[i] = True
            if "-->" in line:
                in_comment = False
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group("fence")
            mask[i] = True
            continue
        stripped = line.lstrip()
        if stripped.startswith("<!--"):
            mask[i] = True
            if "-->" not in stripped[4:]:
                in_comment = True
    return mask


@lru_cache(maxsize=2)
def _lines_and_mask(body: str) -> tuple[list[str], list[bool]]:
    """``body``'s lines and their ``code_mask``, for scan_headings and scan_links, which the loader
    calls one after the other on each page (the lists are shared: neither changes them)."""
    lines = body.splitlines()
    return lines, code_mask(lines)


def scan_headings(body: str, first_line: int = 1) -> list[Heading]:
    lines, mask = _lines_and_mask(body)
    seen: dict[str, int] = {}
    out: list[Heading] = []
    for i, line in enumerate(lines):
        if mask[i]:
            continue
        level, raw = 0, ""
        # (the substring tests first: most lines are neither kind of heading, and `in` is far cheaper than a match)
        m = _ATX.match(line) if "#" in line else None
        if m and (m.group(2) or "").strip():
            level, raw = len(m.group(1)), m.group(2)
        elif ("-" in line or "=" in line) and i > 0 and not mask[i - 1] and lines[i - 1].strip() and _SETEXT.match(line):
            prev = lines[i - 1]
            # A "---" under a list item or table is not a heading; keep the rule conservative.
            if not re.match(r"^\s*([-*+]|\d+[.)]|\|)", prev) and not _ATX.match(prev):
                level, raw = (1 if line.strip()[0] == "=" else 2), prev.strip()
        if not level:
            continue
        explicit = _ATTR_ID.search(raw)
        if explicit:
            anchor = explicit.group(1)
            raw = raw[: explicit.start()]
        text = plain_text(raw)
        if not explicit:
            anchor = unique_anchor(slugify(text, "-") or "_", seen)
        else:
            seen[anchor] = seen.get(anchor, 0)
        out.append(Heading(level, text, anchor, first_line + i))
    return out


def unique_anchor(slug: str, seen: dict[str, int]) -> str:
    """Python-Markdown's toc de-duplicates repeated slugs as slug, slug_1, slug_2..."""
    if slug not in seen:
        seen[slug] = 0
        return slug
    seen[slug] += 1
    candidate = f"{slug}_{seen[slug]}"
    while candidate in seen:
        seen[slug] += 1
        candidate = f"{slug}_{seen[slug]}"
    seen[candidate] = 0
    return candidate


def first_h1(body: str) -> tuple[str, int] | None:
    """The first level-1 heading's text and body line (0-based), outside code blocks and comments."""
    for h in scan_headings(body, first_line=0):
        if h.level == 1:
            return h.text, h.line
    return None


def scan_links(body: str, first_line: int = 1) -> list[Link]:
    lines, mask = _lines_and_mask(body)
    out: list[Link] = []
    for i, line in enumerate(lines):
        if mask[i] or "[" not in line:  # every kind of link has a '['
            continue
        # Inline code spans can hold bracket syntax that is not a link.
        scrubbed = _CODE_SPAN.sub("", line) if "`" in line else line
        for m in _IMAGE_LINK.finditer(scrubbed):
            out.append(Link(m.group("target").strip("<>"), m.group("text"), first_line + i, image=True))
        for m in _INLINE_LINK.finditer(scrubbed):
            out.append(Link(m.group("target").strip("<>"), m.group("text"), first_line + i))
        ref = _REF_DEF.match(scrubbed)
        if ref:
            out.append(Link(ref.group("target").strip("<>"), ref.group("label"), first_line + i))
    return out


# pymdownx.snippets: '--8<-- "path"' on a line, or a block of paths between two bare '--8<--' lines.
# A leading ';' escapes the marker. Snippets run before any other Markdown, code blocks included.
_SNIPPET_LINE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(["'])(?P<path>[^"']+)\1""")
_SNIPPET_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")


def scan_snippets(body: str, first_line: int = 1) -> list[Link]:
    """Every file a pymdownx.snippets include would read, with its line."""
    out: list[Link] = []
    in_block = False
    for i, line in enumerate(body.splitlines()):
        if _SNIPPET_BLOCK.match(line):
            in_block = not in_block
            continue
        if in_block:
            if line.strip() and not line.lstrip().startswith(";"):
                out.append(Link(line.strip(), "", first_line + i))
            continue
        m = _SNIPPET_LINE.match(line)
        if m:
            out.append(Link(m.group("path"), "", first_line + i))
    return out


@dataclass(frozen=True)
class Section:
    heading: Heading
    text: str  # Markdown between this heading and the next heading of the same or higher level


def sections(body: str, first_line: int = 1, level: int | None = None) -> list[Section]:
    """Split ``body`` at headings (of ``level`` only, if given)."""
    heads = [h for h in scan_headings(body, first_line) if level is None or h.level == level]
    lines = body.splitlines()
    out = []
    for n, h in enumerate(heads):
        start = h.line - first_line + 1
        end = len(lines)
        for later in heads[n + 1 :]:
            if later.level <= h.level:
                end = later.line - first_line
                break
        out.append(Section(h, "\n".join(lines[start:end]).strip("\n")))
    return out


@lru_cache(maxsize=256)
def normalize_section_name(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.lower()).strip()
