"""The review page's diff: one column, inline, word by word.

Lines are matched with difflib; a changed line is shown once, with the removed words struck
through and the added words marked, instead of a deleted and an inserted copy side by side.
Text is never hard-wrapped (the browser wraps it) and each line number has its own cell. Every
piece of text is escaped here (markupsafe); the only markup is our own table, ins and del.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

CONTEXT = 3  # unchanged lines shown around a change; longer runs are folded
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)  # words, runs of spaces, single punctuation marks


@dataclass
class Row:
    kind: str  # "same", "del", "ins", "chg" (a line changed in place), "fold" (unchanged lines not shown)
    old: int | None  # line numbers, 1-based
    new: int | None
    html: Markup


def _words(before: str, after: str) -> Markup:
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if j2 > j1:
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(out)


def rows(before: str, after: str, context: int = CONTEXT) -> list[Row]:
    a, b = before.splitlines(), after.splitlines()
    out: list[Row] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if out or group[0][1] > 0:
            out.append(Row("fold", None, None, Markup("…")))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out += [Row("same", i + 1, j + 1, escape(a[i])) for i, j in zip(range(i1, i2), range(j1, j2))]
                continue
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            out += [Row("chg", i1 + k + 1, j1 + k + 1, _words(a[i1 + k], b[j1 + k])) for k in range(paired)]
            out += [Row("del", i + 1, None, Markup("<del>{}</del>").format(a[i])) for i in range(i1 + paired, i2)]
            out += [Row("ins", None, j + 1, Markup("<ins>{}</ins>").format(b[j])) for j in range(j1 + paired, j2)]
    return out


def render(before: str, after: str) -> Markup:
    body = rows(before, after)
    if not body:
        return Markup('<p class="empty">No changes.</p>')
    lines = [Markup('<tr class="diff-{}"><td class="ln">{}</td><td class="ln">{}</td><td class="text">{}</td></tr>').format(
        r.kind, "" if r.old is None else r.old, "" if r.new is None else r.new, r.html) for r in body]
    return Markup('<table class="kb-diff"><thead><tr><th scope="col">Current</th><th scope="col">New</th>'
                  '<th scope="col">Text (<del>removed</del>, <ins>added</ins>)</th></tr></thead><tbody>{}</tbody></table>'
                  ).format(Markup("").join(lines))
