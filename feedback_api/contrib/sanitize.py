"""Submitted Markdown is untrusted. Its preview is rendered by the generator's rules for
contributed Markdown (``generator.safety.contributed``): the same neutralisation ``kb submissions
export`` applies, the same Markdown extensions and the same nh3 allow-list as the published page,
so what a reviewer approves is what the site shows.
"""

from __future__ import annotations

import difflib

import nh3

from generator.safety.contributed import render

__all__ = ["diff_table", "render"]

_DIFF_TAGS = {"table", "colgroup", "thead", "tbody", "tr", "th", "td", "span", "a"}
_DIFF_ATTRS = {"*": {"class"}, "a": {"href"}, "td": {"nowrap"}, "th": {"colspan"}}


def diff_table(before: str, after: str, *, before_label: str = "Current article", after_label: str = "Submission") -> str:
    """Side-by-side diff of the Markdown source. HtmlDiff escapes the text itself; nh3 is a second pass on its output."""
    table = difflib.HtmlDiff(wrapcolumn=80).make_table(
        before.splitlines(), after.splitlines(), before_label, after_label, context=True, numlines=3,
    )
    return nh3.clean(table, tags=_DIFF_TAGS, attributes=_DIFF_ATTRS, url_schemes=set(), link_rel=None)
