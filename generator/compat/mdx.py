"""MDX (Docusaurus): ``import``/``export`` lines, ``<head>``, JSX style objects, and ``<Tabs>``/``<TabItem>``.

Imports and ``<head>`` only matter to the React build, so they go. Tabs become Material content tabs;
a tab's label comes from its ``label``, else from the ``values`` list of its ``<Tabs>``, else its value.
"""

from __future__ import annotations

import re

from ._doc import TEXT, Context, Doc, Out, code_mask, quote_title
from .blocks import Frame, Open

_IMPORT = re.compile(r"^import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"][^'\"]+['\"];?\s*$")
_IMPORT_START = re.compile(r"^import\s+\{[^}]*$")
_EXPORT = re.compile(r"^export\s+(?:const|let|var|function|default)\b")
_HEAD_OPEN = re.compile(r"^\s*<head>")
_STYLE = re.compile(r"style=\{\{([^{}]*)\}\}")
_STYLE_ITEM = re.compile(r"([A-Za-z]+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w.%#-]+))")
_JSX_COMMENT = re.compile(r"\{/\*.*?\*/\}")
_ATTR = re.compile(r"([\w-]+)(?:=(?:\"([^\"]*)\"|'([^']*)'|\{['\"]([^'\"]*)['\"]\}))?")
_VALUE = re.compile(r"\{\s*(?:label\s*:\s*(['\"])(?P<l1>.*?)\1\s*,\s*value\s*:\s*(['\"])(?P<v1>.*?)\3|value\s*:\s*(['\"])(?P<v2>.*?)\5\s*,\s*label\s*:\s*(['\"])(?P<l2>.*?)\7)\s*\}")


_STATEMENT = re.compile(r"^(?:import|export)\s", re.M)


def wanted(text: str) -> bool:
    return "<head>" in text or "style={{" in text or "{/*" in text or _STATEMENT.search(text) is not None


def run(doc: Doc, ctx: Context) -> Doc:
    out = Out()
    lines, src = doc.lines, doc.src
    mask = code_mask(lines)
    i, n = 0, len(lines)
    while i < n:
        line, s = lines[i], src[i]
        if mask[i] != TEXT:
            out.add(line, s)
            i += 1
            continue
        if line.startswith("import ") and (_IMPORT.match(line) or _IMPORT_START.match(line)):
            while _IMPORT_START.match(line) and i + 1 < n and "from" not in lines[i]:
                i += 1  # a multi-line 'import {\n A,\n B\n} from ...'
            i += 1
            continue
        if line.startswith("export ") and _EXPORT.match(line):
            ctx.warn(s, "mdx-export", "MDX 'export' defines JavaScript for the React build; it was removed")
            i = _skip_statement(lines, i)
            continue
        if "<head>" in line and _HEAD_OPEN.match(line):
            while i < n and "</head>" not in lines[i]:
                i += 1
            i += 1
            continue
        if "style={{" in line:
            line = _STYLE.sub(_css, line)
        if "{/*" in line:
            line = _JSX_COMMENT.sub("", line)
        out.add(line, s)
        i += 1
    return out.doc()


def _skip_statement(lines: list[str], i: int) -> int:
    """The line after an export statement: braces balanced and the statement ended."""
    depth = 0
    while i < len(lines):
        depth += lines[i].count("{") + lines[i].count("(") + lines[i].count("[")
        depth -= lines[i].count("}") + lines[i].count(")") + lines[i].count("]")
        i += 1
        if depth <= 0:
            break
    return i


def _css(m: re.Match[str]) -> str:
    """JSX ``style={{textAlign: 'center'}}`` -> ``style="text-align: center"``."""
    items = []
    for key, a, b, c in _STYLE_ITEM.findall(m.group(1)):
        prop = re.sub(r"(?<!^)([A-Z])", lambda u: "-" + u.group(1).lower(), key)
        items.append(f"{prop}: {a or b or c}")
    return f'style="{"; ".join(items)}"'


class Tabs:
    def opener(self, lines: list[str], i: int, stripped: str, stack: list[Frame], ctx: Context, s: int) -> Open | None:
        if stripped.startswith("<Tabs") and (len(stripped) == 5 or stripped[5] in " \t>"):
            j, tag = i, stripped
            while not _tag_ends(tag) and j + 1 < len(lines) and j - i < 50:
                j += 1
                tag += "\n" + lines[j].strip()
            labels = {m.group("v1") or m.group("v2"): m.group("l1") or m.group("l2") for m in _VALUE.finditer(tag)}
            default = _attrs(tag).get("defaultValue")
            return Open(line=None, kind="tabs", indent=False, consumed=j - i + 1, data={"labels": labels, "default": default, "count": 0})
        if stripped.startswith("<TabItem") and stripped.endswith(">") and not stripped.endswith("/>"):
            attrs = _attrs(stripped[8:-1])
            group = next((f for f in reversed(stack) if f.kind == "tabs"), None)
            data = group.data if group else {"labels": {}, "default": None, "count": 0}
            value = attrs.get("value") or ""
            label = attrs.get("label") or data["labels"].get(value) or value or "Tab"
            marks = ("!" if data["count"] == 0 else "") + ("+" if "default" in attrs or (value and value == data["default"]) else "")
            data["count"] += 1
            return Open(line=f'==={marks} "{quote_title(label)}"', kind="tabitem")
        return None

    def closer(self, stripped: str) -> str | None:
        if stripped == "</TabItem>":
            return "tabitem"
        if stripped == "</Tabs>":
            return "tabs"
        return None


def _tag_ends(tag: str) -> bool:
    depth = tag.count("{") - tag.count("}")
    return depth == 0 and tag.rstrip().endswith(">")


def _attrs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        out[m.group(1)] = m.group(2) or m.group(3) or m.group(4) or ""
    return out
