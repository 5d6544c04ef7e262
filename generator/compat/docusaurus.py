"""Docusaurus (and VitePress) admonitions: ``:::note``, ``:::note 注意``, ``:::caution[已知问题]``,
closed by a bare ``:::`` and possibly nested -> Material ``!!! type "Title"`` with an indented body."""

from __future__ import annotations

import re

from ._doc import Context, quote_title
from .blocks import Frame, Open

_OPEN = re.compile(r"^(:{3,})[ \t]*(?P<name>[^\s\[\]{}:]+)(?:\[(?P<bracket>[^\]]*)\])?(?:[ \t]+(?P<title>[^{]*?))?[ \t]*(?:\{[^}]*\})?[ \t]*$")
_CLOSE = re.compile(r"^:{3,}$")

# Docusaurus type -> (Material type, default title when Material's own would be wrong)
TYPES = {
    "note": ("note", None), "tip": ("tip", None), "info": ("info", None), "caution": ("warning", "Caution"),
    "warning": ("warning", None), "danger": ("danger", None), "important": ("info", "Important"),
    "success": ("success", None), "secondary": ("note", None), "details": ("note", "Details"),
}
# DocFX uses ':::' too; its blocks end with ':::' on the same line and are handled in docfx.py.
_NOT_OURS = {"image", "image-end", "no-loc", "row", "row-end", "column", "column-end", "zone", "zone-end", "moniker", "moniker-end"}
_WRAPPERS = {"code-group"}  # VitePress: groups code blocks; the blocks read fine on their own


class Docusaurus:
    def opener(self, lines: list[str], i: int, stripped: str, stack: list[Frame], ctx: Context, s: int) -> Open | None:
        if not stripped.startswith(":::") or stripped.endswith(":::") and len(stripped) > 3:
            return None
        m = _OPEN.match(stripped)
        if m is None:
            return None
        name = m.group("name").lower()
        if name in _NOT_OURS:
            return None
        if name in _WRAPPERS:
            return Open(line=None, kind="colon", indent=False)
        title = (m.group("bracket") or m.group("title") or "").strip()
        if name in TYPES:
            kind, default = TYPES[name]
        else:
            ctx.warn(s, "unknown-admonition", f"':::{name}' is not a known admonition type; shown as a note")
            kind, default = "note", m.group("name")
        title = title or default
        marker = "???" if name == "details" else "!!!"
        return Open(line=f'{marker} {kind} "{quote_title(title)}"' if title else f"{marker} {kind}", kind="colon")

    def closer(self, stripped: str) -> str | None:
        return "colon" if stripped.startswith(":::") and _CLOSE.match(stripped) else None

