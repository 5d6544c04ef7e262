"""How deeply a page nests, measured line by line before any conversion.

Python-Markdown converts nested constructs recursively: a few hundred nested list items, quotes or
``<div markdown>`` blocks, or a few thousand emphasis markers, take minutes and then die with
RecursionError, and unclosed brackets cost time quadratic in their number. Real help pages nest a
handful of levels; a page deeper than these limits is reported (``kb check`` and the build) and is
not converted. What a shallow page can still cost is bounded by the build's time budget per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown_scan import code_mask

MAX_BLOCK_DEPTH = 32  # list items, block quotes, admonitions, tabs: '>' markers + 4-column indents
MAX_HTML_DEPTH = 32  # open block-level HTML elements (md_in_html converts each one recursively)
MAX_BRACKET_DEPTH = 32  # '[' not yet closed within a paragraph (links, images, footnotes)
MAX_DELIMITER_RUN = 64  # '*', '_', '~', '^', '=' in a row among text (emphasis, mark, caret, tilde)

TAB = 4  # Python-Markdown's tab_length: a nested block is indented by four columns

_QUOTES = re.compile(r"^(?:[ \t]*>)+")
# Block containers whose end tag HTML requires (an unclosed <p> or <li> is normal HTML, not nesting).
_HTML_TAG = re.compile(
    r"<(/?)(div|section|article|aside|details|blockquote|ul|ol|dl|table|figure|header|footer|nav|main)\b[^>]*?(/?)>",
    re.I,
)
_CODE_SPAN = re.compile(r"(`+).*?\1")
_DELIMITER_RUN = re.compile(rf"[*_~^=]{{{MAX_DELIMITER_RUN + 1},}}")
_ONLY_DELIMITERS = re.compile(r"^[\s*_~^=+#|:-]*$")  # rules, setext underlines, table separators


@dataclass(frozen=True)
class TooDeep:
    what: str
    depth: int
    limit: int
    line: int  # file line where the limit was first passed

    def message(self) -> str:
        return (
            f"{self.what} nest {self.depth} levels deep here (the limit is {self.limit}); a page this deep "
            "takes minutes to convert, so it is published as a notice instead: flatten it"
        )


# A run of this many spaces, tabs and '>' is the least a line needs to start with to nest past
# MAX_BLOCK_DEPTH (each '>' is one level, each space or tab at most one: a tab is four columns, a
# level four). A line starts the text or follows one of the characters str.splitlines breaks at;
# the regex looks for those first, which is a third of the time of trying every position.
_DEEP_START = re.compile(rf"[ \t>]{{{MAX_BLOCK_DEPTH + 1}}}")
_DEEP_LINE = re.compile(rf"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029][ \t>]{{{MAX_BLOCK_DEPTH + 1}}}")


def too_deep(body: str, first_line: int = 1) -> TooDeep | None:
    """The first place ``body`` passes a nesting limit, or None."""
    if _shallow(body):
        return None
    return _scan(body, first_line)


_NOT_DELIMITERS = re.compile(r"[^*_~^=\n]+")


def _shallow(body: str) -> bool:
    """True when the whole text shows that no line can pass a limit: each '[' or '<' opens at most
    one level, and a run of delimiters in a line's text (code spans and escapes taken out) is made of
    that line's own delimiters, so with everything else taken out it is a run there too. Nearly
    every page is this shallow, and these run in C where ``_scan`` walks each line in Python (a
    third of the time; ~1 % of a cold build's CPU at 5,000 pages)."""
    return (body.count("[") <= MAX_BRACKET_DEPTH and body.count("<") <= MAX_HTML_DEPTH
            and _DEEP_START.match(body) is None and _DEEP_LINE.search(body) is None
            and _DELIMITER_RUN.search(_NOT_DELIMITERS.sub("", body)) is None)


def _scan(body: str, first_line: int) -> TooDeep | None:
    lines = body.splitlines()
    mask = code_mask(lines)
    html = brackets = 0
    for i, line in enumerate(lines):
        if mask[i]:
            continue
        where = first_line + i
        if not line.strip():
            brackets = 0  # a blank line ends the paragraph, and any link still open in it
            continue
        quotes = _QUOTES.match(line)
        rest = line[quotes.end():] if quotes else line
        indent = len(rest.expandtabs(TAB)) - len(rest.expandtabs(TAB).lstrip(" "))
        block = (quotes.group().count(">") if quotes else 0) + indent // TAB
        if block > MAX_BLOCK_DEPTH:
            return TooDeep("lists, quotes or indented blocks", block, MAX_BLOCK_DEPTH, where)
        text = _CODE_SPAN.sub("", line.replace("\\\\", "").replace("\\[", "").replace("\\]", ""))
        if "<" in text:
            for closing, _, self_closing in _HTML_TAG.findall(text):
                if self_closing:
                    continue
                html = max(html - 1, 0) if closing else html + 1
                if html > MAX_HTML_DEPTH:
                    return TooDeep("HTML blocks", html, MAX_HTML_DEPTH, where)
        if "[" in text:
            for c in text:
                if c == "[":
                    brackets += 1
                    if brackets > MAX_BRACKET_DEPTH:
                        return TooDeep("brackets (links, images)", brackets, MAX_BRACKET_DEPTH, where)
                elif c == "]" and brackets:
                    brackets -= 1
        run = _DELIMITER_RUN.search(text)
        if run and not _ONLY_DELIMITERS.match(text):
            return TooDeep("emphasis markers", len(run.group()), MAX_DELIMITER_RUN, where)
    return None


def longest_paragraph(body: str, first_line: int = 1) -> int:
    """The file line where the longest run of non-blank lines starts: where a page that converts
    slowly most likely spends its time (used when a page overruns its time budget)."""
    best, best_line, start, size = -1, first_line, first_line, 0
    for i, line in enumerate(body.splitlines() + [""]):
        if line.strip():
            if not size:
                start = first_line + i
            size += len(line)
        else:
            if size > best:
                best, best_line = size, start
            size = 0
    return best_line
