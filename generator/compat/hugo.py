"""Hugo shortcodes: ``{{< name args >}}`` and ``{{% name args %}}``.

Paired shortcodes with a Material equivalent (hint/notice -> admonition, details/expand -> collapsible,
tabs/tab -> content tabs, mermaid/highlight -> fences) are translated; ``ref``/``relref`` become the
path they name and ``param`` the parameter's name (or its value when the caller knows it). Others are
removed with a warning; the text between a removed pair is kept.
"""

from __future__ import annotations

import re
import shlex

from ._doc import TEXT, Context, Doc, code_mask, outside_code, quote_title
from .blocks import Frame, Open
from .links import image_markdown

_BLOCK = re.compile(r"^\{\{([<%])-?\s*(?P<close>/?)\s*(?P<name>[\w-]+)(?P<args>.*?)\s*-?[>%]\}\}$")
_INLINE = re.compile(r"\{\{([<%])-?\s*(?P<close>/?)\s*(?P<name>[\w-]+)(?P<args>.*?)\s*-?[>%]\}\}")
_LINK_WITH_PLACEHOLDER = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*\ue002[^()]*)\)")
_PLACEHOLDER = re.compile("\ue002([^\ue003]*)\ue003")
_COLUMN_BREAK = "<--->"

HINTS = {"info": "info", "warning": "warning", "danger": "danger", "tip": "tip", "note": "note", "success": "success",
         "error": "danger", "important": "info", "caution": "warning"}
_ADMONITIONS = {"hint", "notice", "alert", "callout", "admonition"}
_COLLAPSIBLE = {"details", "expand"}
_FENCES = {"mermaid": "mermaid", "highlight": None, "code": None}
_WRAPPERS = {"columns", "section", "center"}


def wanted(text: str) -> bool:
    return "{{<" in text or "{{%" in text


def _args(raw: str) -> tuple[list[str], dict[str, str]]:
    try:
        parts = shlex.split(raw)
    except ValueError:
        parts = raw.split()
    pos = [p for p in parts if "=" not in p]
    named = dict(p.split("=", 1) for p in parts if "=" in p)
    return pos, named


class Shortcodes:
    """The paired block shortcodes, each on a line of its own."""

    def __init__(self, text: str):
        # Only a shortcode that has a closing tag somewhere is a pair; the rest are inline.
        self.closed = {m.group("name") for m in _INLINE.finditer(text) if m.group("close")}

    def opener(self, lines: list[str], i: int, stripped: str, stack: list[Frame], ctx: Context, s: int) -> Open | None:
        if stripped == _COLUMN_BREAK and any(f.kind == "hugo:columns" for f in stack):
            return Open(line="", kind=None)
        if not stripped.startswith("{{"):
            return None
        m = _BLOCK.match(stripped)
        if m is None or m.group("close") or m.group("name") not in self.closed:
            return None
        name = m.group("name")
        pos, named = _args(m.group("args"))
        kind = "hugo:" + name
        if name in _ADMONITIONS:
            style = named.get("type") or (pos[0] if pos else "note")
            title = named.get("title") or (pos[1] if len(pos) > 1 else None)
            t = HINTS.get(style.lower(), "note")
            return Open(line=f'!!! {t} "{quote_title(title)}"' if title else f"!!! {t}", kind=kind)
        if name in _COLLAPSIBLE:
            title = named.get("title") or (pos[0] if pos else "Details")
            marker = "???+" if named.get("open", "").lower() == "true" or "open" in pos[1:] else "???"
            return Open(line=f'{marker} note "{quote_title(title)}"', kind=kind)
        if name == "tabs":
            return Open(line=None, kind=kind, indent=False, data={"count": 0})
        if name == "tab":
            group = next((f for f in reversed(stack) if f.kind == "hugo:tabs"), None)
            first = group is not None and group.data["count"] == 0
            if group is not None:
                group.data["count"] += 1
            label = named.get("name") or named.get("title") or (pos[0] if pos else "Tab")
            return Open(line=f'==={"!" if first else ""} "{quote_title(label)}"', kind=kind)
        if name in _FENCES:
            lang = _FENCES[name] or named.get("lang") or (pos[0] if pos else "")
            return Open(line="```" + lang, kind=kind, indent=False, verbatim=True, close_line="```")
        if name not in _WRAPPERS:
            ctx.warn(s, "hugo-shortcode", f"Hugo shortcode '{name}' has no equivalent here; its tags were removed, its content kept")
        return Open(line=None, kind=kind, indent=False)

    def closer(self, stripped: str) -> str | None:
        if not stripped.startswith("{{"):
            return None
        m = _BLOCK.match(stripped)
        return "hugo:" + m.group("name") if m and m.group("close") else None


def run_inline(doc: Doc, ctx: Context) -> Doc:
    """Shortcodes inside a line: ref/relref, param, figure, youtube; any other is removed."""
    mask = code_mask(doc.lines)
    for i, line in enumerate(doc.lines):
        if mask[i] == TEXT and "{{" in line and ("{{<" in line or "{{%" in line):
            s = doc.src[i]
            line = outside_code(line, lambda t: _INLINE.sub(lambda m: _inline(m, ctx, s), t))  # noqa: B023 (called at once)
            if "\ue002" in line:
                # A link into a parameter we do not know would point nowhere: keep only its text.
                line = _LINK_WITH_PLACEHOLDER.sub(lambda m: f"*{m.group(2)}*" if m.group(1) else m.group(2), line)
                line = _PLACEHOLDER.sub(lambda m: f"`{m.group(1)}`", line)
            doc.lines[i] = line
    return doc


def _inline(m: re.Match[str], ctx: Context, s: int) -> str:
    name = m.group("name")
    pos, named = _args(m.group("args"))
    if m.group("close"):
        return ""
    if name in ("ref", "relref"):
        return pos[0] if pos else named.get("path", "")
    if name == "param":
        key = pos[0] if pos else ""
        if key in ctx.variables:
            return str(ctx.variables[key])
        ctx.warn(s, "hugo-param", f"Hugo site parameter '{key}' has no value here; shown as '{key}'")
        return f"\ue002{key}\ue003"
    if name == "figure":
        return image_markdown(named.get("alt") or named.get("caption") or "", named.get("src", ""), ctx, s)
    if name == "youtube":
        vid = named.get("id") or (pos[0] if pos else "")
        return f"[▶ Watch the video](https://www.youtube.com/watch?v={vid})"
    if name == "kbd":
        return f"<kbd>{' '.join(pos)}</kbd>"
    ctx.warn(s, "hugo-shortcode", f"Hugo shortcode '{name}' has no equivalent here; it was removed")
    return ""
