"""Links between source files and between final URLs.

Shared by the release, runbook and incident providers (they all write pages that point at content
pages). Two kinds on purpose: Markdown links to ``.md`` sources are rewritten by MkDocs, while links
inside raw HTML (tables, scripts, JSON) are not and must already be final URLs.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote, urlsplit

from ..content.loader import url_for
from ..content.model import ContentSet
from ..settings import Settings

_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.\-]*:|//|#)", re.I)


def md_link(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A Markdown link target from one source file to another (MkDocs resolves it to the page URL)."""
    base = posixpath.dirname(from_src) or "."
    rel = posixpath.relpath(to_src, base)
    # Percent-encoding keeps names with spaces (dfds 'PM2021-011 - Log4Shell.md') one link target.
    return quote(rel, safe="/@~") + (f"#{anchor}" if anchor else "")


def resolve(from_src: str, target: str) -> str | None:
    """The source path a relative link in ``from_src`` points at; None for external or anchor-only links."""
    if not target or _EXTERNAL.match(target) or target.startswith("/"):
        return None
    path = unquote(urlsplit(target).path)
    if not path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_src), path))


def rebase(target: str, from_src: str, to_src: str) -> str:
    """Rewrite a link written in ``from_src`` so it works from ``to_src`` (external links unchanged)."""
    resolved = resolve(from_src, target)
    if resolved is None:
        return target
    fragment = urlsplit(target).fragment
    return md_link(to_src, resolved, fragment or None)


_MD_LINK = re.compile(r"(?<!!)(\[[^\]]*\]\()(<[^>]*>|[^)\s]+)((?:\s+\"[^\"]*\")?\))")


def rebase_markdown(text: str, from_src: str, to_src: str) -> str:
    """Every inline link in ``text`` rebased from ``from_src`` to ``to_src``."""
    if posixpath.dirname(from_src) == posixpath.dirname(to_src):
        return text
    return _MD_LINK.sub(lambda m: m.group(1) + rebase(m.group(2).strip("<>"), from_src, to_src) + m.group(3), text)


def page_url(src_uri: str, settings: Settings) -> str:
    return url_for(src_uri, settings.use_directory_urls)


def url_between(from_url: str, to_url: str) -> str:
    """A relative URL from one final page URL to another, for raw HTML the Markdown step leaves alone."""
    path, _, frag = to_url.partition("#")
    base = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    rel = posixpath.relpath(path or ".", base or ".")
    if path.endswith("/") or path in ("", "."):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{frag}" if frag else "")


def final_link(from_src: str, target: str, content: ContentSet, settings: Settings) -> str:
    """A link written in source ``from_src`` as a site-relative page URL ("articles/x/").

    Links that do not resolve to a content page (external ones, missing files) come back unchanged.
    """
    resolved = resolve(from_src, target)
    if resolved is None:
        return target
    page = content.by_path.get(resolved)
    if page is None:
        return target
    frag = urlsplit(target).fragment
    return page.url + (f"#{frag}" if frag else "")


def free_uri(content: ContentSet, preferred: str, fallback: str) -> str:
    """``preferred`` unless a content file already has that source path (then ``fallback``)."""
    return fallback if preferred in content.by_path else preferred
