"""Finding a review's sections by name, whatever level and wording the author used."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.markdown_scan import Heading, code_mask, normalize_section_name
from ..content.model import Page


@dataclass
class Section:
    heading: Heading
    start: int  # index into the body's lines of the first line after the heading
    end: int  # index one past the section's last line
    lines: list[str]  # all body lines (shared)
    mask: list[bool]  # True inside code blocks and comments


def find(page: Page, names: tuple[str, ...], contains: bool = False) -> Section | None:
    """The first section whose heading is one of ``names`` (normalised), the shallowest level first."""
    wanted = {normalize_section_name(n) for n in names}

    def hit(h: Heading) -> bool:
        name = normalize_section_name(h.text)
        return name in wanted or (contains and any(w in name for w in wanted))

    candidates = sorted((h for h in page.headings if hit(h)), key=lambda h: (h.level, h.line))
    if not candidates:
        return None
    head = candidates[0]
    lines = page.body.splitlines()
    start = head.line - page.body_line + 1
    later = [h.line - page.body_line for h in page.headings if h.line > head.line and h.level <= head.level]
    return Section(head, start, min(later) if later else len(lines), lines, code_mask(lines))
