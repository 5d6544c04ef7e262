"""Text left over from the `kb new` template is an error on the line that holds it.

An unedited page must not pass review: its owner is still 'TODO' and its steps still say
"Describe the first step." The placeholder texts come from the templates themselves.
"""

from __future__ import annotations

import re

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet, Page
from ..settings import Settings
from ..site.templates import OWNER_PLACEHOLDER, placeholders

# What may precede placeholder text on its line: a list marker, a task box, a bold timeline stamp.
_PREFIX = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX]\]\s+)?(?:\*\*[^*]*\*\*\s*)?")
_FENCE = re.compile(r"^\s*(```|~~~)")


def check_placeholders(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    if not content.managed:
        return  # foreign content never came from our templates
    for page in content.pages:
        if str(page.owner or "").strip().upper() == OWNER_PLACEHOLDER:
            diags.error(page.src_path, page.line_of("owner"), "placeholder",
                        f"owner is still '{OWNER_PLACEHOLDER}'; write who keeps this page correct")
        texts = placeholders(page.type)
        if texts:
            _check_body(page, texts, diags)


def _check_body(page: Page, texts: frozenset[str], diags: Diagnostics) -> None:
    if not any(t in page.body for t in texts) and f"owner: {OWNER_PLACEHOLDER}" not in page.body:
        return  # what the line walk below looks for is nowhere in the page (most pages: a substring search is cheaper)
    fenced = None
    for n, line in enumerate(page.body.split("\n")):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced:
            continue
        prefix = _PREFIX.match(line)  # always matches (all of it is optional)
        rest = line[prefix.end():] if prefix else line
        hit = next((t for t in texts if rest.startswith(t)), None)
        if hit is not None:
            diags.error(page.src_path, page.body_line + n, "placeholder",
                        f"'{hit}' is placeholder text from the template; replace it with the real content")
        elif f"owner: {OWNER_PLACEHOLDER}," in line or f"owner: {OWNER_PLACEHOLDER})" in line:
            diags.error(page.src_path, page.body_line + n, "placeholder",
                        f"action item owner is still '{OWNER_PLACEHOLDER}'; name who will do it")
