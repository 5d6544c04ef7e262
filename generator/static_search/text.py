"""A converted page's text for the static index and its excerpts: the HTML body without its tags."""

from __future__ import annotations

import html
import re

# Not the page's words: scripts, styles, the heading permalinks ("¶") the toc extension adds.
_DROP = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", re.S | re.I)
_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|tr|td|th|table|pre|blockquote|br|hr|dt|dd|details|summary)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def page_text(body: str) -> str:
    """``body`` as plain text on one line: block ends become a space, inline tags vanish, entities decoded."""
    text = _DROP.sub(" ", body)
    text = _BLOCK.sub(" ", text)
    text = _TAG.sub("", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()
