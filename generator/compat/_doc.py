"""The shared plumbing of every dialect pass: lines that remember their source line, code masks, code spans.

Each pass rewrites a list of lines. Lines it adds inherit the source line of the line they came from, so a
warning raised by a later pass still names the line the author wrote, not a line of an intermediate text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.content.diagnostics import Diagnostics

# Fences may sit in list items (indented) or in blockquotes ("> ```"): both hide their content from us.
_FENCE_OPEN = re.compile(r"^(?P<prefix>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")

TEXT, CODE, COMMENT = 0, 1, 2


@dataclass
class Context:
    src_path: str
    first_line: int
    known_paths: set[str] | frozenset[str]
    diags: Diagnostics
    asset_paths: set[str] | frozenset[str] | None = None
    variables: Mapping[str, str] = field(default_factory=dict)

    def warn(self, src_index: int, code: str, message: str) -> None:
        self.diags.warning(self.src_path, self.first_line + src_index, code, message)


@dataclass
class Doc:
    lines: list[str]
    src: list[int]  # for each line, its 0-based line index in the text given to translate()

    @classmethod
    def from_text(cls, text: str) -> Doc:
        lines = text.split("\n")
        return cls(lines, list(range(len(lines))))

    def text(self) -> str:
        return "\n".join(self.lines)


class Out:
    """An output buffer for a pass: appends lines together with the source line they stand for."""

    __slots__ = ("lines", "src")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.src: list[int] = []

    def add(self, line: str, src: int) -> None:
        self.lines.append(line)
        self.src.append(src)

    def doc(self) -> Doc:
        return Doc(self.lines, self.src)


def fence_open(line: str) -> re.Match[str] | None:
    m = _FENCE_OPEN.match(line)
    if m is None or (m.group("fence")[0] == "`" and "`" in m.group("info")):
        return None  # a backtick fence's info string may not hold backticks (it is inline code then)
    return m


def is_fence_close(line: str, fence: str, quoted: bool = False) -> bool:
    stripped = _QUOTE_MARKS.sub("", line).strip() if quoted else line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def code_mask(lines: list[str]) -> bytearray:
    """TEXT, CODE (fenced, fences included) or COMMENT (HTML comment) for each line."""
    mask = bytearray(len(lines))
    joined = "\n".join(lines)
    if "```" not in joined and "~~~" not in joined and "<!--" not in joined:
        return mask  # most pages of most sets: nothing to find, and this is the hot path
    fence: str | None = None
    quoted = False
    in_comment = False
    for i, line in enumerate(lines):
        if fence is not None:
            mask[i] = CODE
            if fence in line and is_fence_close(line, fence, quoted):
                fence = None
            continue
        if in_comment:
            mask[i] = COMMENT
            if "-->" in line:
                in_comment = False
            continue
        if "`" in line or "~" in line:
            m = fence_open(line)
            if m:
                fence = m.group("fence")
                quoted = ">" in m.group("prefix")
                mask[i] = CODE
                continue
        stripped = line.lstrip()
        if stripped.startswith("<!--"):
            mask[i] = COMMENT
            if "-->" not in stripped[4:]:
                in_comment = True
    return mask


def outside_code(line: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the parts of ``line`` that are not inline code spans."""
    if "`" not in line:
        return fn(line)
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(line):
        out.append(fn(line[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(line[pos:]))
    return "".join(out)


def code_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []


def leading_ws(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def indent_lines(lines: list[str], prefix: str = "    ") -> list[str]:
    return [prefix + line if line.strip() else "" for line in lines]


def quote_title(title: str) -> str:
    """A title for '!!! type "title"' or '=== "title"'; the syntax has no escape for a double quote."""
    return title.strip().replace('"', "&quot;")


_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])[ \t]")


def block_indent(lines: list[str], i: int, ws: int) -> int:
    """The indentation Python-Markdown needs for a block written ``ws`` spaces deep on line ``i``.

    CommonMark nests a block in a list item at 2 or 3 spaces; Python-Markdown wants multiples of 4 and
    needs '!!!'/'===' at the start of a line otherwise, so round to what the author meant.
    """
    if ws % 4 == 0:
        return ws
    for k in range(i - 1, max(-1, i - 200), -1):
        prev = lines[k]
        if not prev.strip():
            continue
        pws = leading_ws(prev)
        if pws < ws:
            m = _LIST_ITEM.match(prev)
            return (pws // 4) * 4 + 4 if m else (ws // 4) * 4
    return (ws // 4) * 4
