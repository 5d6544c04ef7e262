"""Internal links and anchors must resolve: a broken link is a customer's dead end."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from ..content.diagnostics import Diagnostics
from ..content.markdown_scan import Link, scan_links, scan_snippets
from ..content.model import ContentSet, Page
from ..content.safe_yaml import shorten
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
            if parts.scheme.lower() == "file":
                report(page.src_path, link.line, "file-link",
                       f"link to '{shorten(target)}' points at a file on someone's own computer; it is not published as a link")
                continue
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
            if resolved == ".." or resolved.startswith("../"):
                report(page.src_path, link.line, "link-outside", f"link to '{shorten(target)}' leads outside the content folder")
                continue
            if resolved in anchors:
                if fragment and fragment not in anchors[resolved]:
                    close = sorted(anchors[resolved])[:8]
                    report(
                        page.src_path, link.line, "broken-anchor",
                        f"link to '{shorten(target)}': {resolved} has no heading with anchor '#{fragment}'"
                        + (f" (anchors there: {', '.join('#' + a for a in close)})" if close else ""),
                    )
                continue
            if link.image or not path.lower().endswith((".md", ".markdown")):
                if not (content.root / resolved).exists():
                    code = "missing-image" if link.image else "broken-link"
                    (diags.warning if link.image else report)(page.src_path, link.line, code, f"link target '{shorten(target)}' does not exist")
                continue
            report(page.src_path, link.line, "broken-link", f"link to '{shorten(target)}' does not resolve: there is no {resolved}")


def check_includes(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    """Snippet includes ('--8<-- "file"') may read only files inside the content folder: the build
    confines pymdownx.snippets to it, and this says so at the line instead of an empty include."""
    report = diags.error if content.managed else diags.warning
    for page in content.pages:
        if "8<-" not in page.body:
            continue
        for inc in scan_snippets(page.body, page.body_line):
            path = inc.target.split(":", 1)[0] if not _DRIVE.match(inc.target) else inc.target
            outside = (
                urlsplit(inc.target).scheme.lower() in ("file", "http", "https")
                or path.startswith(("/", "~", "\\"))
                or _DRIVE.match(path)
                or posixpath.normpath(path).startswith("..")
            )
            if outside:
                report(page.src_path, inc.line, "include-outside",
                       f"snippet include of '{shorten(inc.target)}' reads outside the content folder; it is not included")
            elif not (content.root / path).is_file():
                report(page.src_path, inc.line, "broken-include",
                       f"snippet include of '{shorten(inc.target)}': there is no such file in the content folder (paths start there)")


_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _links_of(page: Page) -> list[Link]:
    """As the loader scanned them (kept in the build cache with the page), or scanned once per body:
    `kb preview` re-runs the checks on every save with the same pages."""
    if page.links is not None:
        return page.links
    cached = page.__dict__.get("_kb_links")
    if cached is None or cached[0] is not page.body:
        cached = (page.body, scan_links(page.body, page.body_line))
        page.__dict__["_kb_links"] = cached
    return cached[1]


def _resolve(page: Page, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.src_path), path))
