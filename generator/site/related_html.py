"""The related-articles box as HTML, rendered once per page — at render time from shared tags, or
after the search index is ready, from text similarity fused with shared tags."""

from __future__ import annotations

import html
import posixpath
import re

PLACEHOLDER = re.compile(r'<aside class="kb-related".*?</aside>', re.S)


def relative_url(to_url: str, from_url: str) -> str:
    """'articles/b/' seen from 'articles/a/' -> '../b/' (both site-relative, directory URLs)."""
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + to_url, "/" + from_dir)
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel == "./" or rel == "/" else rel


def related_box(page_url: str, items: list[tuple[str, str]], heading: str) -> str:
    """``items`` are (title, site-relative url); an empty list still leaves the (hidden) box, so a
    later pass can fill it."""
    links = "".join(
        f'<li><a href="{html.escape(relative_url(url, page_url))}">{html.escape(title)}</a></li>' for title, url in items
    )
    hidden = "" if items else " hidden"
    return (
        f'<aside class="kb-related" aria-labelledby="kb-related-title"{hidden}>'
        f'<h2 id="kb-related-title">{html.escape(heading)}</h2><ul>{links}</ul></aside>'
    )


def replace_box(page_html: str, box: str) -> str:
    return PLACEHOLDER.sub(lambda _: box, page_html, count=1)
