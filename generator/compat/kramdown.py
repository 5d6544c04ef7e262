"""Jekyll's kramdown leftovers: block attribute lists (``{: .class}``) and the ``<!--more-->`` marker.

Python-Markdown's attr_list already understands an attribute list on the last line of a paragraph,
so those stay; one on a line of its own after a heading, table, list or blank line would show as
text, so it goes (the classes belong to the other site's theme anyway).
"""

from __future__ import annotations

import re

from ._doc import CODE, TEXT, Context, Doc, Out, code_mask

_IAL = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$")
_MORE = "<!--more-->"
_NOT_PARAGRAPH = re.compile(r"^[ \t]*(?:#|\||[-*+][ \t]|\d+[.)][ \t]|<|>|!!!|===|\{:)")


def wanted(text: str) -> bool:
    return "{:" in text or _MORE in text


def run(doc: Doc, ctx: Context) -> Doc:
    out = Out()
    lines = doc.lines
    mask = code_mask(lines)
    for i, line in enumerate(lines):
        s = doc.src[i]
        if mask[i] == CODE:
            out.add(line, s)
            continue
        if _MORE in line:
            line = line.replace(_MORE, "")
            if not line.strip():
                out.add("", s)
                continue
        if mask[i] == TEXT and "{:" in line and _IAL.match(line):
            prev = lines[i - 1] if i else ""
            if not prev.strip() or mask[i - 1] != TEXT or _NOT_PARAGRAPH.match(prev):
                continue
        out.add(line, s)
    return out.doc()
