"""A converted page's text for the static index and its excerpts: the HTML body without its tags,
and where each of its sections (a heading with an id) starts in that text."""

from __future__ import annotations

import html
import re

# Not the page's words: scripts, styles, the heading permalinks ("¶") the toc extension adds.
_DROP = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", re.S | re.I)
_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|tr|td|th|table|pre|blockquote|br|hr|dt|dd|details|summary)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_HEADING = re.compile(r"<h([2-6])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1\s*>", re.S | re.I)


def _plain(fragment: str) -> str:
    text = _BLOCK.sub(" ", fragment)
    text = _TAG.sub("", text)
    # Runs of whitespace made one space, the ends dropped: str.split() breaks where re's \s+ would
    # (both go by str.isspace), in a third of a regex substitution's time.
    return " ".join(html.unescape(text).split())


def page_text(body: str) -> str:
    """``body`` as plain text on one line: block ends become a space, inline tags vanish, entities decoded."""
    return page_text_and_sections(body)[0]


def page_text_and_sections(body: str) -> tuple[str, list[list[str | int]]]:
    """The text and its sections: ``[offset, anchor, title]`` for each H2–H6 with an id, where
    ``offset`` is where the heading's title starts in the text."""
    body = _DROP.sub(" ", body)
    pieces: list[str] = []
    sections: list[list[str | int]] = []
    at = 0  # length of the text so far (pieces joined by single spaces)

    def add(piece: str) -> int:
        nonlocal at
        start = at + (1 if pieces else 0)
        if piece:
            pieces.append(piece)
            at = start + len(piece)
        return start

    last = 0
    for m in _HEADING.finditer(body):
        add(_plain(body[last:m.start()]))
        title = _plain(m.group(3))
        if title:
            sections.append([add(title), html.unescape(m.group(2)), title])
        last = m.end()
    add(_plain(body[last:]))
    return " ".join(pieces), sections
