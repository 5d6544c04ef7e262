"""`kb check`: every rule beyond per-file front-matter validation.

A rule is a function ``(content, settings, diags) -> None`` that appends to ``diags``; rules are
listed once in ``RULES`` (in ``generator/checks/registry.py``) and run in order.
"""

from __future__ import annotations

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings


def run_checks(content: ContentSet, settings: Settings) -> Diagnostics:
    """All diagnostics for ``content``: those found while loading plus every rule's."""
    from .registry import RULES

    diags = Diagnostics(list(content.diagnostics.items))
    for rule in RULES:
        rule(content, settings, diags)
    return diags
