"""The Markdown a page is rendered from: foreign syntax translated, type-specific rewrites, blocks."""

from __future__ import annotations

import re

from ..compat import translate
from ..content.diagnostics import Diagnostics
from ..content.markdown_scan import first_h1
from ..content.model import ContentSet, Page
from ..safety.text import md_text
from ..settings import Settings
from ..incidents.render import rewrite_markdown
from .registry import blocks_for

_H1 = re.compile(r"^# .*$", re.M)


def render_body(page: Page, content: ContentSet, settings: Settings, diags: Diagnostics | None = None) -> str:
    body = page.body
    if page.type == "incident":
        body = rewrite_markdown(page, content, settings)  # reads page.body: must run before the rest
    if not content.managed and page.meta.get("title"):
        # Hugo/Jekyll themes print the front-matter title above the body, which may hold its own
        # H1 ("# Release Notes"); keep the page's real title on top as those sites did.
        h1 = first_h1(body)
        if h1 is None or h1[0] != page.title:
            body = f"# {md_text(page.title)}\n\n{body}"
    if not content.managed:
        body = translate(
            body, src_path=page.src_path, first_line=page.body_line, known_paths=_known_paths(content),
            asset_paths=content.assets, diags=diags if diags is not None else Diagnostics(),
        )
    blocks = blocks_for(page, content, settings)
    top = "\n\n".join(b.markdown for b in blocks if b.position == "top")
    bottom = "\n\n".join(b.markdown for b in blocks if b.position == "bottom")
    if top:
        m = _H1.search(body)
        # Banners go under the title, not above it.
        if m and not _inside_code(body, m.start()):
            body = body[: m.end()] + "\n\n" + top + "\n\n" + body[m.end() :]
        else:
            body = top + "\n\n" + body
    if bottom:
        body = body.rstrip() + "\n\n" + bottom + "\n"
    return body


def _known_paths(content: ContentSet) -> frozenset[str]:
    cached: frozenset[str] | None = vars(content).get("_known_paths")
    if cached is None:
        cached = vars(content)["_known_paths"] = frozenset(content.by_path)  # once per build, not once per page
    return cached


def _inside_code(text: str, pos: int) -> bool:
    return text[:pos].count("```") % 2 == 1
