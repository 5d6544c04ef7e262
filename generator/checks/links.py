"""Internal links and anchors must resolve: a broken link is a customer's dead end."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet, Page
from ..content.markdown_scan import scan_links
from ..settings import Settings

_TEMPLATE = re.compile(r"\{\{|\{%|\{<")


def check_links(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    anchors = {p.src_path: {h.anchor for h in p.headings} for p in content.pages}
    report = diags.error if content.managed else diags.warning
    for page in content.pages:
        for link in _links_of(page):
            target = link.target
            if _TEMPLATE.search(target):
                continue  # Liquid/Hugo templating; the compat layer rewrites or reports it
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("//"):
                continue
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            if not path:
                if fragment and fragment not in anchors[page.src_path]:
                    report(page.src_path, link.line, "broken-anchor", f"anchor '#{fragment}' does not exist in this page")
                continue
            if path.startswith("/"):
                continue  # site-absolute: depends on where the site is hosted
            resolved = _resolve(page, path)
            if resolved in anchors:
                if fragment and fragment not in anchors[resolved]:
                    close = sorted(anchors[resolved])[:8]
                    report(
                        page.src_path, link.line, "broken-anchor",
                        f"link to '{target}': {resolved} has no heading with anchor '#{fragment}'"
                        + (f" (anchors there: {', '.join('#' + a for a in close)})" if close else ""),
                    )
                continue
            if link.image or not path.lower().endswith((".md", ".markdown")):
                if not (content.root / resolved).exists():
                    code = "missing-image" if link.image else "broken-link"
                    (diags.warning if link.image else report)(page.src_path, link.line, code, f"link target '{target}' does not exist")
                continue
            report(page.src_path, link.line, "broken-link", f"link to '{target}' does not resolve: there is no {resolved}")


def _links_of(page: Page):
    """Scanned once per body: `kb preview` re-runs the checks on every save with the same pages."""
    cached = page.__dict__.get("_kb_links")
    if cached is None or cached[0] is not page.body:
        cached = (page.body, scan_links(page.body, page.body_line))
        page.__dict__["_kb_links"] = cached
    return cached[1]


def _resolve(page: Page, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.src_path), path))
