"""Categories, tags and translations must point at things that exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def check_taxonomy(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    if not content.managed:
        return
    tax = content.taxonomy
    for page in content.pages:
        if page.type != "article":
            continue
        if page.category and page.category not in tax.categories:
            diags.error(
                page.src_path, page.line_of("category"), "unknown-category",
                f"unknown category '{page.category}' (declare it in categories.yml{_suggest(page.category, tax.categories)})",
            )
    for page in content.pages:
        for tag in page.tags:
            if tax.resolve_tag(tag) is None:
                diags.error(
                    page.src_path, page.line_of("tags"), "unknown-tag",
                    f"unknown tag '{tag}' (declare it in tags.yml{_suggest(tag, tax.tags)})",
                )


def check_translations(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    for page in content.pages:
        if not page.translation_of:
            continue
        other = content.by_id.get(page.translation_of)
        line = page.line_of("translation_of")
        if other is None:
            diags.error(page.src_path, line, "translation", f"translation_of '{page.translation_of}' is not the id of any page")
        elif other.lang == page.lang:
            diags.error(
                page.src_path, line, "translation",
                f"translation_of points at {other.src_path}, which is also in '{page.lang}'; a translation must be in the other language",
            )


def check_aliases(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    seen: dict[str, str] = {}
    urls = {p.url.strip("/") for p in content.pages}
    for page in content.pages:
        for alias in page.aliases:
            key = alias.strip().strip("/").removesuffix("/index.html")
            if ".." in key.replace("\\", "/").split("/"):
                diags.error(page.src_path, page.line_of("aliases"), "alias", f"alias {alias!r} leaves the site ('..'); use a site-relative URL")
            elif key in urls:
                diags.error(page.src_path, page.line_of("aliases"), "alias", f"alias '{alias}' is the URL of an existing page")
            elif key in seen and seen[key] != page.src_path:
                diags.error(page.src_path, page.line_of("aliases"), "alias", f"alias '{alias}' is also claimed by {seen[key]}")
            seen.setdefault(key, page.src_path)


def check_summaries(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    if not content.managed:
        return
    for page in content.pages:
        if page.type == "article" and not page.summary:
            diags.warning(page.src_path, 1, "no-summary", "article has no 'summary'; listings and search results show it")
