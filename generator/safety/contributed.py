"""Contributor Markdown: the one set of rules for the reviewer's preview and the published page.

Three steps, each applied wherever contributed Markdown turns into HTML:

1. ``neutralise`` (at ``kb submissions export``, and before every preview): the exported file is
   safe even under a site's full extension list. Outside code blocks and code spans it turns the
   start of any raw HTML (``<`` before a letter, ``/``, ``!`` or ``?``) into ``&lt;`` (autolinks to
   http(s)/mailto stay), escapes ``{`` (attribute lists), breaks snippet markers ``--8<--`` (they
   read files at build time) and ``///`` block fences, keeps only the language name on a code
   fence's opening line, and replaces link and image targets whose
   scheme is not http, https or mailto (``javascript:``, ``data:``, ``vbscript:``, entity-encoded
   or not) with ``#``. It is idempotent, so the file renders exactly as the preview did.
2. ``EXTENSIONS``: the Markdown extensions contributed Markdown is rendered with, in the preview and
   in the build (no ``attr_list``, ``md_in_html``, snippets, emoji or raw-HTML-producing blocks).
3. ``clean``: the nh3 allow-list applied to the HTML (tags, attributes, URL schemes below).

The build knows a page is contributed from its front matter: ``submission`` (set by the export).
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown
import nh3

# -- 1. export-time neutralisation ---------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>", re.I)
_MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")
_UNESCAPED_BRACE = re.compile(r"(?<!\\)\{")
_SNIPPET = re.compile(r"(?<!\\)--8<--")
_BLOCK_FENCE = re.compile(r"^([ \t]*)///")
# A link or image target: "](target" inline, or "[label]: target" as a reference definition
# (not a footnote, "[^1]: text").
_INLINE_START = re.compile(r"\]\(\s*")
_REF_TARGET = re.compile(r"^([ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?)(\S*?)(>?(?:[ \t].*)?)$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def neutralise(text: str) -> str:
    """Contributed Markdown with every unsafe construct made literal text (see the module doc)."""
    lines = text.replace("\r\n", "\n").split("\n")
    fenced = _fenced_lines(lines)
    out, code, offset = [], [], 0  # code: (start, end) of fenced lines and code spans in the result
    for i, line in enumerate(lines):
        if i in fenced:
            m = _FENCE.match(line)
            if fenced[i] and m:
                line = _fence_opening(line, m)
            code.append((offset, offset + len(line)))
        else:
            line = _BLOCK_FENCE.sub(r"\1&#47;//", line)
            line = _REF_TARGET.sub(lambda m: m.group(1) + _safe_url(m.group(2)) + m.group(3), line)
            line = _outside_code_spans(line, offset, code)
        out.append(line)
        offset += len(line) + 1
    # Inline targets last, over the whole text: Python-Markdown lets "](" and the target sit on two lines.
    return _inline_targets("\n".join(out), code)


def _fenced_lines(lines: list[str]) -> dict[int, bool]:
    """Line numbers inside closed code fences (True for an opening line). A fence never closed
    is no code block to Python-Markdown, so its lines are not exempt."""
    fenced: dict[int, bool] = {}
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m:
            fence = m.group(1)
            for j in range(i + 1, len(lines)):
                close = _FENCE.match(lines[j])
                if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence) \
                        and not lines[j].strip()[len(close.group(1)):].strip():
                    fenced.update({k: k == i for k in range(i, j + 1)})
                    i = j
                    break
        i += 1
    return fenced


def _fence_opening(line: str, m: re.Match[str]) -> str:
    """Only a language name stays on a fence's opening line: superfences turns ``{.lang key=value}``
    and options such as ``title="..."`` into attributes when a site has attr_list."""
    info = line[m.end():].strip()
    lang = re.match(r"\{?\s*\.?([\w+#-]+)", info)
    return line[: m.end()] + (lang.group(1) if lang else "")


def _outside_code_spans(line: str, offset: int, code: list[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for m in _CODE_SPAN.finditer(line):
        parts.append(_plain(line[pos:m.start()]))
        start = offset + sum(map(len, parts))
        code.append((start, start + len(m.group(0))))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(_plain(line[pos:]))
    return "".join(parts)


def _plain(text: str) -> str:
    keep = [m.group(0) for m in _AUTOLINK.finditer(text)]
    text = _AUTOLINK.sub("\x00", text)
    text = _MARKUP_START.sub("&lt;", text)
    text = _UNESCAPED_BRACE.sub(r"\\{", text)
    text = _SNIPPET.sub(r"-\\-8<--", text)
    for link in keep:
        text = text.replace("\x00", link, 1)
    return text


def _inline_targets(text: str, code: list[tuple[int, int]]) -> str:
    """Each "](target ...)" with an unsafe target becomes "](#)": the whole parenthesis, nested
    parentheses included, so nothing of the old target is left to form another link. Code is left alone."""
    out, pos = [], 0
    for m in _INLINE_START.finditer(text):
        if m.start() < pos or any(a <= m.start() < b for a, b in code):
            continue
        depth, end = 1, m.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        inside = text[m.end(): end - 1 if depth == 0 else end]
        target = inside.strip().lstrip("<").split(None, 1)[0].rstrip(">") if inside.strip() else ""
        if _safe_url(target) == "#" and target != "#":
            out.append(text[pos: m.start()] + "](#" + (")" if depth == 0 else ""))
            pos = end
    out.append(text[pos:])
    return "".join(out)


def _safe_url(url: str) -> str:
    plain = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(url)).lower()
    m = _SCHEME.match(plain)
    return url if m is None or m.group(1) in SAFE_SCHEMES else "#"


# -- 2. the Markdown contributed pages are rendered with -----------------------------------------

EXTENSIONS = [
    "abbr", "admonition", "def_list", "footnotes", "tables", "sane_lists", "toc",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.keys", "pymdownx.mark", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
]


def extension_configs() -> dict[str, Any]:
    from pymdownx.slugs import slugify

    return {
        "toc": {"permalink": True, "slugify": slugify(case="lower")},
        "pymdownx.tabbed": {"alternate_style": True},
        "pymdownx.tasklist": {"custom_checkbox": True},
    }


# -- 3. the HTML allow-list ----------------------------------------------------------------------

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark",
    "ol", "p", "pre", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    "*": {"class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "ol": {"start"},
    "input": {"type", "checked", "disabled", "id", "name"},  # task lists and tabs
    "label": {"for"},
    "details": {"open"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"}, "sup": {"id"}, "div": {"data-tabs"},  # footnotes, tabs
}
URL_SCHEMES = SAFE_SCHEMES
# Removed together with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "svg", "math"}
_OUR_IDS = re.compile(r"__tabbed_\d+(_\d+)?$")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "type" and tag == "input":
        return value if value in ("checkbox", "radio") else None
    if attr in ("id", "name", "for") and value.startswith("__") and not _OUR_IDS.match(value):
        return None  # Material's own toggles (__drawer, __search): a heading must not take them over
    return value


def clean(fragment: str) -> str:
    return nh3.clean(
        fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=set(URL_SCHEMES),
        clean_content_tags=DROP_WITH_CONTENT, link_rel="nofollow ugc", strip_comments=True,
        attribute_filter=_attribute_filter, filter_style_properties={"text-align"},
    )


def render(text: str) -> str:
    """What a contributor's Markdown looks like published (and in the reviewer's preview)."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=extension_configs(), output_format="html")
    return clean(md.convert(neutralise(text)))
