"""Jekyll callouts and tables built from ``{% capture %}`` + ``{% include %}``.

A theme's include turns captured Markdown into a callout or a table; the includes are not part of the
content, so we recognise the two shapes that carry meaning and rebuild them in Material terms. The
captured text is written out where the capture closes, so an include we cannot read still leaves it
readable; an include we can read wraps those lines in place.
"""

from __future__ import annotations

import re
from typing import Any

from ._doc import indent_lines, quote_title

_PARAM = re.compile(r"([\w-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|\S+)")
_ALERT = re.compile(r"alert--([\w-]+)\.html$|(?:^|/)alert\.html$")

# Theme alert names -> Material admonition type and title
ALERTS = {
    "note": ("note", None), "info": ("info", None), "tip": ("tip", None), "best-practice": ("tip", "Best practice"),
    "warning": ("warning", None), "caution": ("warning", "Caution"), "error": ("danger", "Error"),
    "danger": ("danger", None), "success": ("success", None), "important": ("info", "Important"),
}



def end_capture(st: Any) -> None:
    if st.capture is None:
        return
    name, captured = st.capture
    st.capture = None
    start = len(st.out.lines)
    for line, s in captured:
        st.out.add(line, s)
    st.captures[name] = (start, len(st.out.lines))


def include(st: Any, tag: str, args: str, s: int) -> None:
    name = args.split()[0] if args else ""
    params = {k: v.strip("'\"") for k, v in _PARAM.findall(args)}
    region = st.captures.pop(params.get("content", ""), None)
    alert = _ALERT.search(name)
    if alert and region is not None:
        kind, title = ALERTS.get(alert.group(1) or params.get("type", "note"), ("note", None))
        head = f'!!! {kind} "{quote_title(title)}"' if title else f"!!! {kind}"
        _wrap(st, region, [head], [], indent=True)
        return
    if region is not None and any("<tr" in line for line in st.out.lines[region[0] : region[1]]):
        # A table template fed with rows: rebuild the table around them so the rows stay a table.
        heads = [params[k] for k in sorted(params, key=_header_order) if re.fullmatch(r"header\d+", k)]
        top = ["<table>"]
        if params.get("caption"):
            top.append(f"<caption>{params['caption']}</caption>")
        if heads:
            top.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead>")
        _wrap(st, region, top + ["<tbody>"], ["</tbody>", "</table>"], indent=False)
        return
    st.ctx.warn(s, "liquid-include", f"'{{% {tag} {name} %}}' includes a template that is not part of the content; it was removed")


def _header_order(key: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", key)
    return (int(digits) if digits else 0, key)


def _wrap(st: Any, region: tuple[int, int], before: list[str], after: list[str], indent: bool) -> None:
    start, end = region
    lines = st.out.lines[start:end]
    srcs = st.out.src[start:end]
    while lines and not lines[0].strip():
        lines, srcs = lines[1:], srcs[1:]
    s0 = srcs[0] if srcs else (st.out.src[start - 1] if start else 0)
    body = indent_lines(lines) if indent else lines
    st.out.lines[start:end] = before + body + after
    st.out.src[start:end] = [s0] * len(before) + srcs + [srcs[-1] if srcs else s0] * len(after)
    delta = len(before) + len(after) + len(lines) - (end - start)
    st.captures = {k: (a + delta, b + delta) if a >= end else (a, b) for k, (a, b) in st.captures.items()}
