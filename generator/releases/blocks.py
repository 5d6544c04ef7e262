"""Block providers on articles: "Changed in 3.2" and the not-for-the-latest-version banner."""

from __future__ import annotations

from collections.abc import Iterable

from ..content.model import ContentSet, Page
from ..safety.text import md_text
from ..settings import Settings
from ..site import Block
from ..site.i18n import t
from .data import all_releases, changed_pages
from .links import md_link
from .model import latest_stable
from .render import entry_markdown


def _indent(lines: list[str]) -> str:
    return "\n".join(("    " + line) if line else "" for line in lines)


def changed_in(page: Page, content: ContentSet, settings: Settings) -> Iterable[Block]:
    if page.type == "release" or page.generated:
        return []
    hits = changed_pages(content).get(page.src_path)
    if not hits:
        return []
    newest, _ = hits[0]
    body: list[str] = []
    for release, entries in hits:
        link = f"[{md_text(release.label)}]({md_link(page.src_path, release.page.src_path)})"
        if entries:
            body += [f"- {entry_markdown(e, release, page.src_path)} ({link})" for e in entries]
        else:
            body.append(f"- {t(page.lang, 'changed_in', version=link)}")
    title = t(page.lang, "changed_in", version=newest.short)
    quoted = md_text(title).replace('"', "&quot;")  # inside the admonition's quoted title
    return [Block("top", f'!!! info "{quoted}"\n\n{_indent(body)}\n', order=30)]


def version_banner(page: Page, content: ContentSet, settings: Settings) -> Iterable[Block]:
    if page.applies_to is None:
        return []
    latest = latest_stable([r for r in all_releases(content) if r.version is not None])
    if latest is None or latest.version is None or page.applies_to.contains(latest.version):
        return []
    link = f"[{md_text(latest.label)}]({md_link(page.src_path, latest.page.src_path)})"
    text = t(page.lang, "not_latest_text", versions=md_text(page.applies_to.text), latest=link)
    title = md_text(t(page.lang, "not_latest_title")).replace('"', "&quot;")
    return [Block("top", f'!!! warning "{title}"\n\n    {text}\n', order=20)]
