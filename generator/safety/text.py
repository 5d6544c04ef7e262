"""Front-matter values are plain text, wherever they are printed.

Generated pages are Markdown with raw HTML allowed, so a value placed in them must be escaped for
both: HTML-escaped (``<`` ``>`` ``&``: no element or entity trickery survives) and backslash-escaped
for the Markdown that could turn it into a link, an image, an attribute list or a code span.
Whitespace runs (newlines included) become one space, so a value never starts a block of its own.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

# The inline Markdown that could make markup of a value: links and images, attribute lists, code
# spans, emphasis (an attribute list's target), table cells. All are Python-Markdown escapable
# characters, so the backslash itself is never printed.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|])")

# What an HTML parser treats as the start of markup: a tag, an end tag, a comment, a declaration
# or a processing instruction. "a < b" and "<3" are text.
_MARKUP = re.compile(r"<[A-Za-z/!?]")


def md_text(value: object) -> str:
    """``value`` as literal text inside generated Markdown (link labels, list items, table cells)."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def find_markup(value: str) -> str | None:
    """The first piece of markup in a plain-text value (for the message), or None."""
    m = _MARKUP.search(value)
    return value[m.start(): m.start() + 20] if m else None


def plain_text(value: str) -> str:
    """A contributor's title, tag or name as front matter ``kb check`` accepts: the ``<`` that
    would start markup becomes a single angle quote, which reads the same and is never a tag."""
    return _MARKUP.sub(lambda m: "\u2039" + m.group(0)[1:], value)


def html_safe_meta(value: object) -> object:
    """Front matter as MkDocs and Material templates expect it: they print ``page.meta`` values
    (title, description, ...) into HTML unescaped, so every string becomes a markupsafe ``Markup``
    holding its escaped text. Jinja's ``| e`` leaves a Markup alone, so nothing is escaped twice."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: html_safe_meta(v) for k, v in value.items()}
    if isinstance(value, list):
        return [html_safe_meta(v) for v in value]
    return value
