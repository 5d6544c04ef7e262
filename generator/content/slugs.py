"""File names for new pages: readable, stable (the same title always gives the same name) and ASCII.

Chinese titles are spelled in pinyin (pypinyin) rather than dropped: '导出甘特图为 PDF' becomes
'dao-chu-gan-te-tu-wei-pdf', not 'pdf' or a random id.
"""

from __future__ import annotations

import re

MAX_LENGTH = 60
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(title: str) -> str:
    """'Export a Gantt chart to PDF' -> 'export-a-gantt-chart-to-pdf'; '' when nothing is left."""
    from pypinyin import Style, lazy_pinyin  # ~0.2 s to import: not in every `kb` command's start-up

    # Each Chinese character becomes one syllable; other text passes through unchanged.
    words = lazy_pinyin(title, style=Style.NORMAL, errors="default")
    spelled = " ".join(words).replace("ü", "v")
    slug = re.sub(r"[^a-z0-9]+", "-", spelled.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[: MAX_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
    return slug.rstrip("-")
