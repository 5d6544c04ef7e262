"""Category and tag pages, per language and paginated, so no page grows with the help center."""

from __future__ import annotations

import math
from functools import partial
from typing import Any, Callable, Iterable

from ..content.model import ContentSet, Page
from ..safety.text import md_text
from ..settings import Settings
from . import GeneratedPage
from .i18n import collation_key, t
from .links import lang_prefix, rel

LISTED_TYPES = ("article",)


def category_src(key: str, lang: str, settings: Settings, page: int = 1) -> str:
    base = f"{lang_prefix(lang, settings.default_lang)}categories/{key}/"
    return base + ("index.md" if page == 1 else f"page-{page}.md")


def tag_src(key: str, lang: str, settings: Settings, page: int = 1) -> str:
    base = f"{lang_prefix(lang, settings.default_lang)}tags/{key}/"
    return base + ("index.md" if page == 1 else f"page-{page}.md")


def tags_index_src(lang: str, settings: Settings) -> str:
    return f"{lang_prefix(lang, settings.default_lang)}tags/index.md"


def articles_in(content: ContentSet, lang: str) -> list[Page]:
    return [p for p in content.pages if p.type in LISTED_TYPES and p.lang == lang]


def languages_present(content: ContentSet, settings: Settings) -> list[str]:
    present = {p.lang for p in content.pages}
    return [lang for lang in settings.languages if lang in present] or [settings.default_lang]


def _sort_key(p: Page) -> tuple[str, str]:
    return collation_key(p.lang, p.title)


def _item(p: Page, from_src: str) -> str:
    line = f"- [{md_text(p.title)}]({rel(from_src, p.src_path)})"
    if p.summary:
        line += f"  \n  <span class=\"kb-listing__summary\">{md_text(p.summary)}</span>"
    return line


def _pager(srcs: list[str], n: int, lang: str) -> str:
    if len(srcs) <= 1:
        return ""
    here = srcs[n - 1]
    parts = []
    if n > 1:
        parts.append(f"[← {t(lang, 'previous')}]({rel(here, srcs[n - 2])})")
    parts.append(f"{n} / {len(srcs)}")
    if n < len(srcs):
        parts.append(f"[{t(lang, 'next')} →]({rel(here, srcs[n])})")
    return '\n\n<nav class="kb-pager" markdown>' + " · ".join(parts) + "</nav>\n"


def paginated(
    pages: list[Page], srcs_for: Callable[[int], str], title: str, intro: str, lang: str, size: int, meta: dict[str, Any]
) -> Iterable[GeneratedPage]:
    count = max(1, math.ceil(len(pages) / size))
    srcs = [srcs_for(i) for i in range(1, count + 1)]
    for n in range(1, count + 1):
        chunk = pages[(n - 1) * size : n * size]
        body = [f"# {md_text(title)}", "", intro, ""] if intro else [f"# {md_text(title)}", ""]
        body += [_item(p, srcs[n - 1]) for p in chunk] or [t(lang, "no_articles")]
        page_title = title if n == 1 else f"{title} ({n}/{count})"
        yield GeneratedPage(srcs[n - 1], page_title, "\n".join(body) + _pager(srcs, n, lang), lang, dict(meta))


def category_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    for lang in languages_present(content, settings):
        arts = articles_in(content, lang)
        for key, cat in sorted(content.taxonomy.categories.items(), key=lambda kv: (kv[1].order, kv[0])):
            members = sorted((p for p in arts if p.category == key), key=_sort_key)
            yield from paginated(
                members,
                partial(category_src, key, lang, settings),
                cat.title_in(lang),
                cat.description_in(lang),
                lang,
                settings.page_size,
                {"kb_listing": "category", "kb_category": key},
            )


def tag_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    for lang in languages_present(content, settings):
        arts = articles_in(content, lang)
        by_tag: dict[str, list[Page]] = {}
        for p in arts:
            for name in p.tags:
                by_tag.setdefault(content.taxonomy.resolve_tag(name) or name, []).append(p)
        if not by_tag:
            continue
        index_src = tags_index_src(lang, settings)
        lines = [f"# {t(lang, 'all_tags')}", ""]
        labels = {key: (tag.title_in(lang) if (tag := content.taxonomy.tags.get(key)) else key) for key in by_tag}
        for key, label in sorted(labels.items(), key=lambda kv: collation_key(lang, kv[1])):
            lines.append(f"- [{md_text(label)}]({rel(index_src, tag_src(key, lang, settings))}) ({len(by_tag[key])})")
        yield GeneratedPage(index_src, t(lang, "all_tags"), "\n".join(lines), lang, {"kb_listing": "tags"})
        for key, members in sorted(by_tag.items()):
            tag = content.taxonomy.tags.get(key)
            label = tag.title_in(lang) if tag else key
            yield from paginated(
                sorted(members, key=_sort_key),
                partial(tag_src, key, lang, settings),
                f"{t(lang, 'tag')}: {label}",
                "",
                lang,
                settings.page_size,
                {"kb_listing": "tag", "kb_tag": key},
            )
