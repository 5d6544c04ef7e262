"""The home page of each language: search box, category grid, latest release, recently updated."""

from __future__ import annotations

from typing import Iterable

from ..content.model import ContentSet, Page
from ..safety.text import md_text
from ..settings import Settings
from . import Block, GeneratedPage
from .html import render
from . import formats
from .i18n import t, tn
from .links import lang_prefix, rel
from .listings import articles_in, category_src, languages_present

RECENT = 8


def home_src(lang: str, settings: Settings) -> str:
    return f"{lang_prefix(lang, settings.default_lang)}index.md"


def latest_release(content: ContentSet, lang: str | None = None) -> Page | None:
    """The newest stable release note, in its ``lang`` translation when there is one."""
    stable = [p for p in content.of_type("release") if p.version and not p.version.is_prerelease]
    return max(stable, key=lambda p: (p.version, p.lang == lang, not p.translation_of)) if stable else None


def home_markdown(content: ContentSet, settings: Settings, lang: str, src: str) -> str:
    parts = [_search_box(lang, src, settings)]
    cats = sorted(content.taxonomy.categories.values(), key=lambda c: (c.order, c.key))
    if cats:
        counts: dict[str, int] = {}
        for p in articles_in(content, lang):
            counts[p.category or ""] = counts.get(p.category or "", 0) + 1
        cards = []
        for c in cats:
            icon = f":{c.icon.replace('/', '-')}:{{ .lg .middle }} " if c.icon else ""
            link = rel(src, category_src(c.key, lang, settings))
            cards.append(
                f"-   {icon}**[{md_text(c.title_in(lang))}]({link})**\n\n    ---\n\n"
                f"    {md_text(c.description_in(lang))}\n\n    <span class=\"kb-count\">{tn(lang, 'article_count', counts.get(c.key, 0))}</span>"
            )
        parts.append(f"## {t(lang, 'categories')}\n\n<div class=\"grid cards kb-categories\" markdown>\n\n" + "\n\n".join(cards) + "\n\n</div>")
    latest = latest_release(content, lang)
    if latest:
        summary = f" — {md_text(latest.summary)}" if latest.summary else ""
        date = f" ({formats.day(latest.date, lang)})" if latest.date else ""
        parts.append(f"## {t(lang, 'latest_release')}\n\n[{md_text(latest.title)}]({rel(src, latest.src_path)}){date}{summary}")
    recent = sorted(
        ((d, p) for p in articles_in(content, lang) if (d := p.reviewed or p.date)),
        key=lambda dp: (dp[0], dp[1].title),
        reverse=True,
    )[:RECENT]
    if recent:
        items = "\n".join(
            f"- [{md_text(p.title)}]({rel(src, p.src_path)}) <span class=\"kb-date\">{formats.day(d, lang)}</span>"
            for d, p in recent
        )
        parts.append(f"## {t(lang, 'recently_updated')}\n\n{items}")
    return "\n\n".join(parts) + "\n"


def _search_box(lang: str, src: str, settings: Settings) -> str:
    action = rel(src, f"{lang_prefix(lang, settings.default_lang)}search/index.md").removesuffix("index.md")
    return render("search_form.html", settings.template_dir, lang=lang, id="kb-hero-q", action=action, indent="  ")


def home_blocks(page: Page, content: ContentSet, settings: Settings) -> Iterable[Block]:
    # README.md at the top of a foreign folder is its home page too (MkDocs maps it to index.html).
    homes = {home_src(lang, settings) for lang in settings.languages} | {"README.md"}
    if page.src_path in homes:
        yield Block("bottom", home_markdown(content, settings, page.lang, page.src_path), order=0)


def home_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    """Home pages for languages the content folder has no index for."""
    for lang in languages_present(content, settings):
        src = home_src(lang, settings)
        if src in content.by_path or (src == "index.md" and "README.md" in content.by_path):
            continue
        title = t(lang, "home")
        yield GeneratedPage(src, title, home_markdown(content, settings, lang, src), lang, {"hide": ["toc"], "kb_listing": "home"})
