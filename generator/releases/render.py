"""Release entries as Markdown (for generated pages) and as HTML (for the changes page's script)."""

from __future__ import annotations

import html
import re

import markdown as _markdown

from ..content.model import ContentSet
from ..settings import Settings
from .entries import Entry
from .links import final_link, md_link, rebase_markdown, url_between
from .model import Release

_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\((<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_md = _markdown.Markdown(extensions=["pymdownx.tilde"], output_format="html")


def entry_markdown(entry: Entry, release: Release, to_src: str, with_label: bool = False) -> str:
    """The entry as a list-item text on page ``to_src``, links rebased so MkDocs resolves them."""
    if entry.anchor:
        text = f"[{entry.markdown}]({md_link(to_src, release.page.src_path, entry.anchor)})"
    else:
        text = rebase_markdown(entry.markdown, entry.src_path, to_src)
    if with_label:
        text += f" ([{release.label}]({md_link(to_src, release.page.src_path)}))"
    return text


def entry_html(entry: Entry, release: Release, page_url: str, content: ContentSet, settings: Settings, base: str | None = None) -> str:
    """Inline HTML for raw-HTML contexts: relative links are made final, since MkDocs will not see them.

    Links are relative to ``page_url``, or absolute under ``base`` (feeds are read away from the site).
    """

    def final(site_url: str) -> str:
        return base + site_url if base is not None else url_between(page_url, site_url)

    if entry.anchor:
        href = final(f"{release.page.url}#{entry.anchor}")
        return f'<a href="{html.escape(href)}">{html.escape(entry.markdown)}</a>'

    def sub(m: re.Match[str]) -> str:
        target = m.group(2).strip("<>")
        site = final_link(entry.src_path, target, content, settings)
        href = final(site) if site != target else target
        return f"[{m.group(1)}](<{href}>)"

    text = _LINK.sub(sub, entry.markdown)
    _md.reset()
    out = _md.convert(text)
    return re.sub(r"^<p>|</p>$", "", out.strip())
