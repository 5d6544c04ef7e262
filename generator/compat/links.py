"""Links and images: report relative ``.md`` links that point to no page, and (when the caller says
which files exist) show a missing local image as its alt text instead of a broken ``<img>``.

Links are never rewritten here: MkDocs already maps ``x.md`` to the page URL, and a link that does not
resolve stays a link so the reader still sees where it was meant to go.
"""

from __future__ import annotations

import re

from ._doc import TEXT, Context, Doc, code_mask, outside_code
from .paths import MARKDOWN_EXT, is_local, resolve_relative

_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?P<title>\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<target><[^>]*>|\S+)")
_MD_ESCAPE = re.compile(r"([*_\\])")


def run(doc: Doc, ctx: Context) -> Doc:
    lines = doc.lines
    mask = code_mask(lines)
    for i, line in enumerate(lines):
        if mask[i] != TEXT or ("](" not in line and "]:" not in line):
            continue
        s = doc.src[i]
        if "](" in line:
            lines[i] = outside_code(line, lambda t: _LINK.sub(lambda m: _one(m, ctx, s), t) if "](" in t else t)  # noqa: B023 (called at once)
        if "]:" in line:
            ref = _REF_DEF.match(line)
            if ref is not None:
                _check(ref.group("target").strip("<>"), ctx, s)
    return doc


def _one(m: re.Match[str], ctx: Context, s: int) -> str:
    target = m.group("target").strip("<>")
    if m.group("bang"):
        if _missing_asset(target, ctx):
            return _alt_text(m.group("text"), target, ctx, s)
        return m.group(0)
    # A linked image ([![alt](img)](url)) is checked when the inner image is matched on its own.
    if "![" in m.group("text"):
        inner = _LINK.sub(lambda im: _one(im, ctx, s), m.group("text"))
        _check(target, ctx, s)
        return m.group(0).replace(m.group("text"), inner, 1)
    _check(target, ctx, s)
    return m.group(0)


def _check(target: str, ctx: Context, s: int) -> None:
    if not is_local(target):
        return
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path.lower().endswith(MARKDOWN_EXT):
        return
    resolved = resolve_relative(target, ctx.src_path)
    if resolved is None or resolved not in ctx.known_paths:
        ctx.warn(s, "unresolved-link", f"link to '{target}' points to no page in the content folder; it is kept as written")


def _missing_asset(target: str, ctx: Context) -> bool:
    if ctx.asset_paths is None or not is_local(target):
        return False  # without a list of files we cannot tell, so the image stays
    resolved = resolve_relative(target, ctx.src_path)
    return resolved is None or (resolved not in ctx.asset_paths and resolved not in ctx.known_paths)


def _alt_text(alt: str, target: str, ctx: Context, s: int) -> str:
    ctx.warn(s, "missing-image", f"image '{target}' is not in the content folder; its alt text is shown instead")
    text = _MD_ESCAPE.sub(r"\\\1", alt.strip() or target.rsplit("/", 1)[-1])
    return f"*{text}*"


def image_markdown(alt: str, source: str, ctx: Context, s: int) -> str:
    """An image for a foreign image syntax (DocFX ':::image:::', Hugo figure), or its alt text if missing."""
    if _missing_asset(source, ctx):
        return _alt_text(alt, source, ctx, s)
    return f"![{alt}]({source})"
