"""What Material reads from a page's front matter (``page.meta``), made safe and complete; and
MkDocs' own parse of it skipped where the loader's is known to be the same."""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Mapping
from typing import Any

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
# the plugins the body instead (``restore``). Without a build cache MkDocs parses the text the loader
# read, not the file read again (~1 % of a cold build's CPU at 5,000 pages).


def read_source(page, kb_page: Page | None, cache, sources: Mapping[str, bytes]) -> str | None:
    """on_page_read_source: the text MkDocs is to parse, or None (it reads the file itself).
    ``cache``: the plugin's RenderCache (or NoCache); ``sources``: the loader's bytes of each file
    (``ContentSet.sources``)."""
    if kb_page is None:
        return None
    try:
        source = _text(page.file, sources)
    except (OSError, ValueError):  # MkDocs reads it again and reports the error its own way
        return None
    found = YAML_RE.match(source)
    if found is None or cache.cache is None:  # (no cache: MkDocs parses the text the loader read)
        return source
    front = (page.file.src_uri + "\0" + found.group(1)).encode("utf-8")
    key = hashlib.blake2b(front, digest_size=20).hexdigest()
    if cache.front_matter.get(key):
        body, meta = source[found.end():], _copy(kb_page.meta)  # prepare() and plugins change it in place
    else:
        body, meta = get_data(source)  # MkDocs' own parse (a front matter that is not a mapping stays in the body)
        if body != source and _equal(meta, kb_page.meta):
            cache.front_matter.note(key, True)
    page._kb_meta = meta
    page._kb_body = body.lstrip("\n")  # as MkDocs strips it after a front matter
    return ""


def read_generated(page, meta: dict, markdown: str) -> str | None:
    """on_page_read_source for a page the build generated from ``meta`` and ``markdown`` (listings,
    tag pages: ~400 of them at 5,000 articles), whose front matter ``yaml.safe_dump`` wrote: MkDocs'
    parse of it gives ``meta`` back, so it is handed over as for a page the cache knows. Only for
    plain values (strings, whole numbers, booleans, lists, mappings), which YAML gives back as they
    were; anything else is MkDocs' to parse (None)."""
    if not _plain_yaml(meta):
        return None
    page._kb_meta = _copy(meta)
    page._kb_body = markdown.lstrip("\n")
    return ""


def _plain_yaml(value: Any) -> bool:
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain_yaml(v) for k, v in value.items())
    if kind is list:
        return all(_plain_yaml(v) for v in value)
    return kind in (str, int, bool, type(None))


def _text(file, sources: Mapping[str, bytes]) -> str:
    """``file.content_string`` from the bytes the loader read, when it read this file: decoded as
    MkDocs opens it (UTF-8, a byte-order mark dropped, any line ending made \\n). Reading and decoding
    5,000 files again was ~4 % of a one-page rebuild's main process."""
    raw = sources.get(file.abs_src_path) if file.abs_src_path else None  # (a generated file has no path)
    if raw is None:
        return file.content_string
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _copy(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy`` for what YAML loads (dicts, lists, strings, numbers, dates), several times
    as fast; values shared through YAML aliases stay shared, as deepcopy keeps them. Anything
    else is deepcopy's."""
    if memo is None:
        memo = {}
    kind = type(value)
    if kind is dict or kind is list:
        done = memo.get(id(value))
        if done is not None:
            return done
        out: Any = {} if kind is dict else []
        memo[id(value)] = out
        if kind is dict:
            for k, v in value.items():
                out[k] = _copy(v, memo)
        else:
            out.extend(_copy(v, memo) for v in value)
        return out
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)


_IMMUTABLE = frozenset({str, int, float, bool, type(None), datetime.date, datetime.datetime})


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
