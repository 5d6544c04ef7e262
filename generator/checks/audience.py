"""A public page must not link to an internal one: the public site leaves internal pages out, so
the link would be a dead end for customers and would name the internal page."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from ..content.audience import PUBLIC
from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..content.safe_yaml import shorten
from ..settings import Settings
from .links import _links_of, _resolve


def check_audience_links(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    internal = {p.src_path: p for p in content.pages if p.audience != PUBLIC}
    if not internal:
        return
    internal_urls = {unquote(p.url).strip("/"): p for p in internal.values()}
    for page in content.pages:
        if page.audience != PUBLIC:
            continue
        for link in _links_of(page):
            parts = urlsplit(link.target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            # Site-absolute links (/runbooks/x/) are compared with the pages' URLs, relative ones with their files.
            target = internal_urls.get(path.strip("/")) if path.startswith("/") else internal.get(_resolve(page, path))
            if target is not None:
                diags.error(page.src_path, link.line, "internal-link",
                            f"link to '{shorten(link.target)}': {target.src_path} is internal (audience: {target.audience}) "
                            "and is not on the public site; remove the link, or make that page 'audience: public'")
