"""DocFX / Microsoft Learn Markdown, and the GitHub alerts it shares: ``> [!NOTE]`` and ``:::image:::``.

Alerts become Material admonitions, ``[!VIDEO]`` a link, ``[!div class="nextstepaction"]`` a button,
``:::image:::`` an image and ``:::no-loc:::`` its text. Layout wrappers (``:::row:::``, ``:::column:::``)
have no Material counterpart; their content reads fine stacked, so only the wrappers go.
"""

from __future__ import annotations

import re

from ._doc import TEXT, Context, Doc, Out, block_indent, code_mask, outside_code, quote_title
from .links import image_markdown

_ALERT = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!(?P<kind>[A-Za-z]+)\](?P<fold>[-+])?(?P<title>.*)$")
_VIDEO = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!VIDEO[ \t]+(?P<url>[^\]\s]+)[ \t]*\][ \t]*$", re.I)
_DIV = re.compile(r"^(?P<indent>[ \t]*)>[ \t]?\[!div[ \t]+class=\"(?P<cls>[^\"]*)\"[ \t]*\][ \t]*$", re.I)
_NEXT_ALERT = re.compile(r"^[ \t]*>[ \t]?\[!(?:[A-Za-z]+\]|VIDEO\s|div\s)", re.I)
_QUOTED = re.compile(r"^[ \t]*>[ \t]?")
_LAYOUT = re.compile(r"^[ \t]*:::[ \t]*(?P<name>row|row-end|column|column-end|zone|zone-end|moniker|moniker-end)\b.*$")
_IMAGE = re.compile(r":::image(?P<attrs>(?:\s+[\w-]+(?:=\"[^\"]*\")?)*)\s*:::")
_IMAGE_END = re.compile(r"^[ \t]*:::image-end:::[ \t]*$")
_NO_LOC = re.compile(r":::no-loc\s+text=\"([^\"]*)\"\s*:::")
_ATTR = re.compile(r"([\w-]+)=\"([^\"]*)\"")
_INCLUDE = re.compile(r"^[ \t]*\[!(INCLUDE|code-[\w-]+)\s*\[[^\]]*\]\(([^)]*)\)\][ \t]*$", re.I)
_LONE_LINK = re.compile(r"^\[[^\]]+\]\([^)]+\)$")

# GitHub/DocFX alerts and Obsidian callouts -> (Material type, title when Material's own would be wrong)
ALERTS = {
    "note": ("note", None), "tip": ("tip", None), "hint": ("tip", None), "important": ("info", "Important"),
    "warning": ("warning", None), "caution": ("danger", "Caution"), "info": ("info", None),
    "abstract": ("abstract", None), "summary": ("abstract", None), "tldr": ("abstract", None),
    "todo": ("info", "Todo"), "success": ("success", None), "check": ("success", None), "done": ("success", None),
    "question": ("question", None), "help": ("question", None), "faq": ("question", None),
    "failure": ("failure", None), "fail": ("failure", None), "missing": ("failure", None),
    "danger": ("danger", None), "error": ("danger", "Error"), "bug": ("bug", None),
    "example": ("example", None), "quote": ("quote", None), "cite": ("quote", None),
}


def wanted(text: str) -> bool:
    return "[!" in text or ":::" in text


def run(doc: Doc, ctx: Context) -> Doc:
    out = Out()
    _lines(doc.lines, doc.src, ctx, out)
    return out.doc()


def _lines(lines: list[str], src: list[int], ctx: Context, out: Out) -> None:
    mask = code_mask(lines)
    i, n = 0, len(lines)
    while i < n:
        line, s = lines[i], src[i]
        if mask[i] != TEXT:
            out.add(line, s)
            i += 1
            continue
        if "[!" in line:
            m = _ALERT.match(line) or _VIDEO.match(line) or _DIV.match(line)
            if m is not None:
                i = _quote_block(lines, src, i, m, ctx, out)
                continue
            inc = _INCLUDE.match(line)
            if inc is not None:
                code = "docfx-include" if inc.group(1).upper() == "INCLUDE" else "docfx-code"
                ctx.warn(s, code, f"DocFX '[!{inc.group(1)}]' of '{inc.group(2)}' cannot be expanded here; it was removed")
                out.add("", s)
                i += 1
                continue
        if ":::" in line:
            lay = _LAYOUT.match(line)
            if lay is not None:
                name = lay.group("name")
                if name in ("zone", "moniker"):
                    ctx.warn(s, "docfx-zone", f"DocFX ':::{name}' shows its content only for some readers; here every {name}'s content is shown")
                out.add("", s)
                i += 1
                continue
            if _IMAGE_END.match(line):
                out.add("", s)
                i += 1
                continue
            line = outside_code(line, lambda t: _inline(t, ctx, s))  # noqa: B023 (called at once)
        out.add(line, s)
        i += 1


def _inline(text: str, ctx: Context, s: int) -> str:
    if ":::" not in text:
        return text
    text = _NO_LOC.sub(lambda m: m.group(1), text)
    return _IMAGE.sub(lambda m: _image(m, ctx, s), text)


def _image(m: re.Match[str], ctx: Context, s: int) -> str:
    attrs = dict(_ATTR.findall(m.group("attrs")))
    return image_markdown(attrs.get("alt-text", ""), attrs.get("source", ""), ctx, s)


def _quote_block(lines: list[str], src: list[int], i: int, m: re.Match[str], ctx: Context, out: Out) -> int:
    indent = m.group("indent")
    body: list[str] = []
    body_src: list[int] = []
    j = i + 1
    while j < len(lines) and lines[j].startswith(indent) and lines[j][len(indent):].lstrip(" \t").startswith(">"):
        if _NEXT_ALERT.match(lines[j][len(indent):]):
            break  # DocFX: a second '> [!TIP]' in the same quote starts a second alert
        body.append(_QUOTED.sub("", lines[j][len(indent):], count=1))
        body_src.append(src[j])
        j += 1
    while body and not body[-1].strip():
        body.pop()
        body_src.pop()
    s = src[i]
    indent = " " * block_indent(lines, i, len(indent.expandtabs(4)))
    groups = m.groupdict()
    if "url" in groups:
        out.add(f"{indent}[▶ Watch the video]({m.group('url')})", s)
        if body:
            out.add("", s)
            for line, bs in zip(body, body_src):
                out.add(f"{indent}> {line}" if line else f"{indent}>", bs)
        return j
    if "cls" in groups:
        button = "nextstepaction" in m.group("cls")
        for line, bs in zip(body, body_src):
            stripped = line.strip()
            if button and _LONE_LINK.match(stripped):
                line = stripped + "{ .md-button }"  # Material's button style for a "next step" link
            out.add(indent + line if line.strip() else "", bs)
        return j
    key = m.group("kind").lower()
    if key not in ALERTS:
        ctx.warn(s, "unknown-alert", f"'[!{m.group('kind')}]' is not a known alert type; left as a quote")
        for k in range(i, j):
            out.add(lines[k], src[k])
        return j
    kind, default = ALERTS[key]
    title = m.group("title").strip() or default
    marker = {"-": "???", "+": "???+"}.get(m.group("fold") or "", "!!!")
    out.add(f'{indent}{marker} {kind} "{quote_title(title)}"' if title else f"{indent}{marker} {kind}", s)
    inner = Out()
    _lines(body, body_src, ctx, inner)  # alerts nest ("> > [!NOTE]")
    for line, bs in zip(inner.lines, inner.src):
        out.add(f"{indent}    {line}" if line.strip() else "", bs)
    out.add("", src[j - 1])
    return j
