"""Submitted Markdown is untrusted: render it, then clean the HTML against an allow-list (nh3).

Python-Markdown passes raw HTML through, so everything rests on the nh3 pass: only the tags and
attributes below survive; URLs must be http(s), mailto or relative (``javascript:`` and ``data:``
are dropped); script/style/iframe are removed with their content; every link gets
``rel="nofollow ugc"`` so spam links earn nothing from us.
"""

from __future__ import annotations

import difflib

import markdown
import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre",
    "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "svg", "math"}

_EXTENSIONS = ["extra", "sane_lists", "admonition"]


def clean(html: str) -> str:
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
        clean_content_tags=DROP_WITH_CONTENT, link_rel="nofollow ugc", strip_comments=True,
    )


def render(markdown_text: str) -> str:
    return clean(markdown.markdown(markdown_text, extensions=_EXTENSIONS, output_format="html"))


_DIFF_TAGS = {"table", "colgroup", "thead", "tbody", "tr", "th", "td", "span", "a"}
_DIFF_ATTRS = {"*": {"class"}, "a": {"href"}, "td": {"nowrap"}, "th": {"colspan"}}


def diff_table(before: str, after: str, *, before_label: str = "Current article", after_label: str = "Submission") -> str:
    """Side-by-side diff. HtmlDiff escapes the text itself; nh3 is a second pass on its output."""
    table = difflib.HtmlDiff(wrapcolumn=80).make_table(
        before.splitlines(), after.splitlines(), before_label, after_label, context=True, numlines=3,
    )
    return nh3.clean(table, tags=_DIFF_TAGS, attributes=_DIFF_ATTRS, url_schemes=set(), link_rel=None)
