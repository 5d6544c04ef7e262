"""Foreign Markdown dialects -> Markdown that Python-Markdown with Material's extensions renders well.

``translate()`` runs on every page of every build, so each dialect's pass runs only when the page holds
text that dialect could have written, and a page that needs nothing comes back as the very same string.
What cannot be translated is left as readable text and reported as a warning naming file and line.
No MkDocs imports: the plugin calls this, the rest of the generator can too.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.content.diagnostics import Diagnostics

from . import blocks, docfx, hugo, kramdown, links, liquid, mdx, myst
from ._doc import Context, Doc
from .docusaurus import Docusaurus
from .faq_yaml import faq_to_markdown
from .mdx import Tabs

__all__ = ["faq_to_markdown", "translate"]

_BLOCK_STARTS = (":", "<", "{")


def translate(
    markdown: str,
    *,
    src_path: str,
    first_line: int,
    known_paths: set[str] | frozenset[str],
    diags: Diagnostics,
    asset_paths: set[str] | frozenset[str] | None = None,
    variables: Mapping[str, str] | None = None,
) -> str:
    """Translate one page body.

    ``first_line``: the file line ``markdown`` starts on (after front matter), for warnings.
    ``known_paths``: the content folder's Markdown sources (posix, relative), for links.
    ``asset_paths``: the folder's other files; given, a missing local image becomes its alt text,
    not given, images are left alone because we cannot tell.
    ``variables``: values for ``{{ site.X }}`` / ``{{< param X >}}``; unknown ones show as ``X``.
    """
    text = markdown.replace("\r\n", "\n") if "\r" in markdown else markdown
    ctx = Context(src_path, first_line, known_paths, diags, asset_paths, variables or {})
    doc = Doc.from_text(text)
    if myst.wanted(text):
        doc = myst.run(doc, ctx)
    if liquid.wanted(text):
        doc = liquid.run(doc, ctx)
    if mdx.wanted(text):
        doc = mdx.run(doc, ctx)
    if docfx.wanted(text):
        doc = docfx.run(doc, ctx)
    dialects: list[blocks.Dialect] = []
    if ":::" in text:
        dialects.append(Docusaurus())
    if "<Tab" in text:
        dialects.append(Tabs())
    if hugo.wanted(text):
        dialects.append(hugo.Shortcodes(text))
    if dialects:
        doc = blocks.run(doc, ctx, dialects, _BLOCK_STARTS)
    if hugo.wanted(text):
        doc = hugo.run_inline(doc, ctx)
    if kramdown.wanted(text):
        doc = kramdown.run(doc, ctx)
    if "](" in text or "]:" in text:
        doc = links.run(doc, ctx)
    result = doc.text()
    return markdown if result == text and text is markdown else result
