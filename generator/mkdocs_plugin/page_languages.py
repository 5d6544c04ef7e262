"""Each language as a site of its own, on MkDocs' side: its navigation, the language of
Material's chrome and of our UI strings per page, the switch to the same page in other languages,
and the translation pairs sitemap.xml lists. What each language's tree holds and which page
translates which is decided by the core (generator/site/languages.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from ..site.i18n import STRINGS, t
from ..site.languages import alternates
from ..site.listings import languages_present
from .navigation import as_config, as_navigation, trees

if TYPE_CHECKING:
    from .build_cache import NoCache, RenderCache

# Page languages Material has chrome strings for (material/templates/partials/languages/).
MATERIAL_LANGUAGES = frozenset({"en", "zh"})


class PageLanguages:
    def __init__(self) -> None:
        self.default_lang = "en"
        self.site_language = "en"  # theme.language as configured; pages switch it while rendering
        self.palette_names: list = []  # colour-scheme toggle labels as configured (default language)
        self.trees: dict = {}  # language -> its navigation tree
        self.navs: dict = {}  # language -> that tree as MkDocs' Navigation
        self.alternates: dict = {}  # source URI -> the page in each language
        self.not_found_alternates: dict = {}  # language -> its 404 page's switch (every language's home)
        self.env = None  # the theme's Jinja environment and the build's files, for the 404 pages
        self.files = None

    def configure(self, config, default_lang: str, languages) -> None:
        """on_config: check the languages, make Material's language the default language (declared
        once, as `default_lang`), and remember what pages switch and restore."""
        if default_lang not in languages:
            raise PluginError(f"helpcenter: default_lang '{default_lang}' is not one of languages {list(languages)}")
        configured = config.theme.get("language", "en")
        if configured not in ("en", default_lang):  # "en" is also Material's default when unset
            raise PluginError(f"theme.language '{configured}' contradicts helpcenter default_lang '{default_lang}': "
                              "remove theme.language, the plugin sets it from default_lang")
        if default_lang in MATERIAL_LANGUAGES:
            config.theme["language"] = default_lang
        self.default_lang = default_lang
        self.site_language = config.theme.get("language", "en")
        palette = config.theme.get("palette")
        self.palette_names = [(o.get("toggle") or {}).get("name") for o in palette] if isinstance(palette, list) else []

    def plan(self, content, settings, generated, files, config) -> None:
        """on_files: one navigation tree per language (a nav set in mkdocs.yml wins, for every language)."""
        self.trees = {}
        if config.nav is None:
            self.trees = trees(content, settings, generated, files)
            config.nav = as_config(self.trees.get(self.default_lang, []))

    def index(self, files) -> None:
        """on_nav: the trees as MkDocs Navigation objects, once every file is known."""
        self.navs = {lang: as_navigation(tree, files) for lang, tree in self.trees.items()}

    def prepare_env(self, env, config, files, content, settings, by_src: dict, url_of) -> None:
        """on_env: strings for templates with no page (404.html), every page's alternates, and the
        translation pairs for sitemap.xml (rendered before any page; the same page only, never the
        other language's home)."""
        env.globals["kb_strings"] = STRINGS[self.default_lang]
        self.env, self.files = env, files
        env.globals["kb_language_names"] = {lang: t(lang, "language_name") for lang in STRINGS}
        known = {f.src_uri for f in files} | {p.src_path for p in by_src.values()}
        exists = known.__contains__
        langs = languages_present(content, settings) if content is not None else []

        def switch(lang, kb_page, meta) -> list[dict]:
            return [{"lang": other, "name": t(other, "language_name"), "url": url_of(src), "current": other == lang,
                     "same_page": same}
                    for other, src, same in alternates(lang, kb_page, meta, content, settings, exists, langs)]

        self.alternates, self.not_found_alternates = {}, {}
        if content is not None:
            for f in files.documentation_pages():
                if f.page is not None:
                    kb_page = by_src.get(f.src_uri)
                    lang = kb_page.lang if kb_page else f.page.meta.get("lang")
                    self.alternates[f.src_uri] = switch(lang, kb_page, f.page.meta)
            # A 404 page is no page: its switch leads to each language's home.
            self.not_found_alternates = {lang: switch(lang, None, {}) for lang in {self.default_lang, *self.navs}}
        base = config.site_url
        env.globals["kb_hreflang"] = {
            src: [(a["lang"], urljoin(base, a["url"])) for a in alts if a["same_page"]]
            for src, alts in self.alternates.items() if sum(a["same_page"] for a in alts) > 1} if base else {}

    def enter(self, context, page, config, nav, lang: str | None) -> None:
        """on_page_context: this page's language for Material's chrome, our strings, the navigation,
        the palette labels and the language switch (restored in ``leave``)."""
        if lang in MATERIAL_LANGUAGES:
            config.theme["language"] = lang
        context["kb_strings"] = STRINGS.get(lang) or STRINGS[self.default_lang]
        context["nav"] = self.navs.get(lang, nav)
        self._palette(config, lang)
        context["kb_alternates"] = self.alternates.get(page.file.src_uri, [])
        context["kb_hreflang_links"] = self._hreflang_links(page, config)

    def _hreflang_links(self, page, config) -> list[tuple[str, str]]:
        """`<link rel="alternate" hreflang>` for the head: this page in each language it exists in
        (absolute when site_url is set), plus x-default for the default language's version."""
        same = [a for a in self.alternates.get(page.file.src_uri, []) if a["same_page"]]
        if len(same) < 2:
            return []
        def href(url: str) -> str:
            return urljoin(config.site_url, url) if config.site_url else get_relative_url(url or ".", page.url or ".")
        links = [(a["lang"], href(a["url"])) for a in same]
        links += [("x-default", href(a["url"])) for a in same if a["lang"] == self.default_lang]
        return links

    def leave(self, output: str, config, lang: str | None) -> str:
        """on_post_page: restore the configured language and labels; `<html lang>` for languages
        Material has no strings for."""
        written_lang = config.theme.get("language", "en")
        config.theme["language"] = self.site_language
        self._palette(config, self.default_lang)
        if lang and lang != written_lang:
            output = output.replace(f'<html lang="{written_lang}"', f'<html lang="{lang}"', 1)
        return output

    def not_found_context(self, context, template_name: str):
        """on_template_context: the default language's 404.html (MkDocs renders it) gets its switch."""
        if template_name == "404.html":
            context["kb_alternates"] = self.not_found_alternates.get(self.default_lang, [])
        return context

    def write_not_found(self, config, cache: RenderCache | NoCache) -> None:
        """on_post_build: each other language's 404 page at <lang>/404.html, in its words and with
        its navigation (MkDocs wrote the default language's 404.html). `kb serve` and the documented
        nginx configuration answer a missing /<lang>/… with it."""
        if self.env is None or "404.html" not in config.theme.static_templates:
            return
        for lang, nav in self.navs.items():
            if lang == self.default_lang:
                continue
            context = get_context(nav, self.files, config, base_url=urlsplit(config.site_url or "/").path)
            context.update(kb_strings=STRINGS.get(lang) or STRINGS[self.default_lang], kb_lang_prefix=f"{lang}/",
                           kb_alternates=self.not_found_alternates.get(lang, []))
            if lang in MATERIAL_LANGUAGES:
                config.theme["language"] = lang
            self._palette(config, lang)
            cache.theme_template(context, "404.html")  # the build cache's copy, when this context is the last build's
            html = self.env.get_template("404.html").render(context)
            cache.rendered_template(html, "404.html")
            html = self.leave(html, config, lang)
            out = Path(config.site_dir, lang, "404.html")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(html, encoding="utf-8")

    def _palette(self, config, lang: str | None) -> None:
        """The colour-scheme toggles' labels in the page's language. mkdocs.yml names them in the
        default language (kept as configured); other languages get the catalogue's words for the
        scheme each toggle switches to."""
        palette = config.theme.get("palette")
        if not isinstance(palette, list):
            return
        for i, option in enumerate(palette):
            toggle = option.get("toggle")
            if not toggle:
                continue
            if lang == self.default_lang or lang not in STRINGS:
                toggle["name"] = self.palette_names[i]
            else:
                to_scheme = palette[(i + 1) % len(palette)].get("scheme")
                toggle["name"] = t(lang, "switch_to_dark" if to_scheme == "slate" else "switch_to_light")
