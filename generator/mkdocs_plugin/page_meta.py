"""What Material reads from a page's front matter (``page.meta``), made safe and complete; and
MkDocs' own parse of it skipped where the loader's is known to be the same."""

from __future__ import annotations

import copy
import hashlib

from mkdocs.utils.meta import YAML_RE, get_data

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


# MkDocs reads every page's file and parses its YAML front matter again (``Page.read_source``), though
# the loader has the page, kept in the build cache: after a one-page edit at 5,000 pages that parse
# was about 7 % of the build's main process (py-spy). Where MkDocs' parse of a page's front matter
# once came out equal to the loader's, the build cache notes it, by the page and the front matter's
# text (the packages' versions are in the cache file's fingerprint); from then on ``page.meta`` is a
# copy of the loader's. Either way MkDocs is handed an empty text, which its parse passes through at
# once (an empty front matter still cost a YAML parse a page), and the first on_page_markdown hands
# the plugins the body instead (``restore``).


def read_source(page, kb_page: Page | None, cache) -> str | None:
    """on_page_read_source: the text MkDocs is to parse, or None (it reads the file itself).
    ``cache``: the plugin's RenderCache (or NoCache)."""
    if kb_page is None or cache.cache is None:
        return None
    try:
        source = page.file.content_string
    except (OSError, ValueError):  # MkDocs reads it again and reports the error its own way
        return None
    found = YAML_RE.match(source)
    if found is None:
        return source
    front = (page.file.src_uri + "\0" + found.group(1)).encode("utf-8")
    key = hashlib.blake2b(front, digest_size=20).hexdigest()
    if cache.front_matter.get(key):
        body, meta = source[found.end():], copy.deepcopy(kb_page.meta)  # prepare() and plugins change it in place
    else:
        body, meta = get_data(source)  # MkDocs' own parse (a front matter that is not a mapping stays in the body)
        if body != source and _equal(meta, kb_page.meta):
            cache.front_matter.note(key, True)
    page._kb_meta = meta
    page._kb_body = body.lstrip("\n")  # as MkDocs strips it after a front matter
    return ""


def _equal(a: object, b: object) -> bool:
    try:
        return a == b
    except RecursionError:  # an alias cycle (the loader refuses those): never the same
        return False


def restore(page, markdown: str) -> str:
    """The first on_page_markdown: ``page.meta`` and the Markdown as MkDocs' parse would have made them."""
    meta = page.__dict__.pop("_kb_meta", None)
    if meta is None:
        return markdown
    page.meta = meta
    return page.__dict__.pop("_kb_body")
