"""The manifest's pages as the dashboard needs them: titles, links, owners, review dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    url: str | None
    type: str
    lang: str
    category: str
    owner: str
    review_due: dt.date | None
    stale: bool

    @property
    def href(self) -> str | None:
        # Manifest URLs are site-relative and the site is served from the root.
        if not self.url:
            return None
        return self.url if self.url.startswith(("/", "http://", "https://")) else "/" + self.url


def unknown(article_id: str) -> Article:
    """An id that votes name but the current build does not (renamed or deleted article)."""
    return Article(article_id, article_id, None, "", "", "", "", None, False)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def from_page(page: dict[str, Any]) -> Article:
    return Article(
        id=page["id"],
        title=str(page.get("title") or page["id"]),
        url=page.get("url"),
        type=str(page.get("type") or ""),
        lang=str(page.get("lang") or ""),
        category=str(page.get("category") or ""),
        owner=str(page.get("owner") or ""),
        review_due=_date(page.get("review_due")),
        stale=bool(page.get("stale")),
    )


class Catalogue:
    """Every page that can collect votes; generated pages (type ``page``) are left out."""

    def __init__(self, pages) -> None:
        self.by_id: dict[str, Article] = {}
        for page in pages:
            if isinstance(page, dict) and isinstance(page.get("id"), str) and page.get("type") != "page":
                self.by_id[page["id"]] = from_page(page)

    @classmethod
    def from_store(cls, store) -> Catalogue:
        return cls(store.pages if store is not None else ())

    def get(self, article_id: str) -> Article:
        return self.by_id.get(article_id) or unknown(article_id)

    def categories(self) -> list[str]:
        return sorted({a.category for a in self.by_id.values() if a.category})

    def languages(self) -> list[str]:
        return sorted({a.lang for a in self.by_id.values() if a.lang})

    def ids(self, *, category: str = "", lang: str = "") -> list[str]:
        return [
            a.id
            for a in self.by_id.values()
            if (not category or a.category == category) and (not lang or a.lang == lang)
        ]

    def is_stale(self, article: Article, today: dt.date) -> bool:
        return article.stale or (article.review_due is not None and article.review_due < today)
