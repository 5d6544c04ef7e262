"""What Material reads from a page's front matter (``page.meta``), made safe and complete."""

from __future__ import annotations

from ..content.model import Page
from ..content.schema import template_problems
from ..safety.text import html_safe_meta


def prepare(meta: dict, kb_page: Page | None) -> None:
    if kb_page is not None:
        meta.setdefault("title", kb_page.title)
        if kb_page.type == "page":  # home and about pages: nothing to rate
            hide = meta.setdefault("hide", [])
            if "feedback" not in hide:
                hide.append("feedback")
    if template_problems(meta):  # foreign content builds despite the diagnostic: drop it
        del meta["template"]
    meta.update(html_safe_meta(meta))  # Material prints page.meta values unescaped
