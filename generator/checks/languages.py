"""The home written at `index.md` is the default language's: with `default_lang: zh`, an English
`index.md` would be served at `/` as the Chinese-first site's home."""

from __future__ import annotations

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings
from ..site.home import home_src


def check_home_languages(content: ContentSet, settings: Settings, diags: Diagnostics) -> None:
    homes = {home_src(lang, settings): lang for lang in settings.languages}
    for page in content.pages:
        lang = homes.get(page.src_path)
        if lang is not None and page.lang != lang:
            diags.error(page.src_path, page.line_of("lang"), "home-language",
                        f"this home is in '{page.lang}' but {page.src_path} is the home of '{lang}' (default_lang: "
                        f"{settings.default_lang}); move it to {home_src(page.lang, settings)} (its links one folder "
                        f"{'deeper' if page.lang != settings.default_lang else 'up'}) and write the '{lang}' home here, "
                        "or delete it for a generated one")
