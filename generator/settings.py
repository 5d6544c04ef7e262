"""Generator settings, declared once. The MkDocs plugin config and the CLI both fill this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .content.audience import DEFAULT_AUDIENCES, PUBLIC


@dataclass
class Settings:
    default_lang: str = "en"
    languages: tuple[str, ...] = ("en", "zh")
    content_type: str | None = None  # force one type for a whole foreign folder (--type)
    collection: str | None = None  # a name for the content set, shown where several sets mix
    api_url: str = "/api/v1"  # where the feedback/search API lives, as the browser sees it
    edit_url: str | None = None  # e.g. https://git.example.com/acme/help/edit/main/kb/ ; page src_path is appended
    site_url: str | None = None
    page_size: int = 50  # listing pages (category, tag) paginate beyond this
    review_every_default: int = 365  # days, for pages with 'reviewed' but no 'review_every'
    today: dt.date = field(default_factory=dt.date.today)  # fixed in tests so staleness is reproducible
    use_directory_urls: bool = True
    audience: str = PUBLIC  # whose site this build is: "public" (internal pages left out) or "internal" (every page)
    audiences: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_AUDIENCES))  # content type -> default audience
    # The theme's custom_dir: HTML templates in its kb/ folder replace the generator's (generator/site/html.py).
    template_dir: str | None = None
