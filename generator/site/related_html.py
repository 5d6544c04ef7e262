"""The related-articles box as HTML: text similarity fused with shared tags once the search index
is ready, shared tags alone without one (previews, --no-search-index)."""

from __future__ import annotations

import posixpath

from .html import render


def relative_url(to_url: str, from_url: str) -> str:
    """'articles/b/' seen from 'articles/a/' -> '../b/' (both site-relative, directory URLs)."""
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + to_url, "/" + from_dir)
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel == "./" or rel == "/" else rel


def related_box(page_url: str, items: list[tuple[str, str]], heading: str, template_dir: str | None = None) -> str:
    """``items`` are (title, site-relative url); with none the box is there but hidden (template related.html)."""
    links = [(title, relative_url(url, page_url)) for title, url in items]
    return render("related.html", template_dir, items=links, heading=heading)


class RelatedBox:
    """The box for the page templates, rendered when one prints it: a page whose whole template
    the build cache holds never does (rendering 5,000 boxes was about a sixth of the template stage
    after an edit, by py-spy). The build cache knows it by its inputs (``kb_fingerprint``)."""

    def __init__(self, page_url: str, items: list[tuple[str, str]], heading: str, template_dir: str | None = None) -> None:
        self.args = (page_url, items, heading, template_dir)

    def kb_fingerprint(self) -> list[object]:
        return ["related box", *self.args]

    def __str__(self) -> str:  # MkDocs' templates do not autoescape: they print str()
        return related_box(*self.args)

    __html__ = __str__  # an autoescaping template prints it as HTML, which it is

