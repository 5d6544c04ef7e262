"""Helpers for the staff tests (imported by plain name, like api_helpers)."""

from __future__ import annotations

import datetime as dt
import html
import re

from feedback_api.db import Database
from feedback_api.staff import accounts
from feedback_api.staff.orm import orm
from feedback_api.storage.votes import votes

PASSWORD = "correct horse battery staple"
TODAY = dt.datetime.now(dt.UTC).date()

PAGES = [
    {"id": "reset-password", "type": "article", "title": "Reset your password", "url": "articles/reset-password/",
     "lang": "en", "category": "account", "tags": [], "owner": "ann", "review_due": "2099-01-01", "stale": False},
    {"id": "export-data", "type": "article", "title": "Export your data", "url": "articles/export-data/",
     "lang": "en", "category": "data", "tags": [], "owner": "bob", "review_due": "2020-01-01", "stale": True},
    {"id": "import-data", "type": "article", "title": "Import data", "url": "articles/import-data/",
     "lang": "en", "category": "data", "tags": [], "owner": "cid", "review_due": None, "stale": False},
    {"id": "zh/reset-password", "type": "article", "title": "重置密码", "url": "zh/articles/reset-password/",
     "lang": "zh", "category": "account", "tags": [], "owner": "dan", "review_due": None, "stale": False},
    {"id": "billing", "type": "article", "title": "Billing basics", "url": "articles/billing/",
     "lang": "en", "category": "billing", "tags": [], "owner": "eve",
     "review_due": (TODAY - dt.timedelta(days=3)).isoformat(), "stale": False},
    {"id": "index", "type": "page", "title": "Home", "url": "", "lang": "en", "category": "", "tags": []},
]


def add_user(database_url: str, email: str, role: str, password: str = PASSWORD) -> None:
    db = Database(database_url)
    try:
        db.write_sync(orm(lambda s: accounts.create_staff(s, email, password, role)))
    finally:
        db.close()


def add_votes(database_url: str, article_id: str, helpful: int, unhelpful: int, *, day: dt.date | None = None,
              lang: str | None = "en", reason: str | None = "unclear", comment: str | None = None, prefix: str = "") -> None:
    """helpful + unhelpful votes from distinct visitors at noon UTC on ``day`` (default today)."""
    at = dt.datetime.combine(day or TODAY, dt.time(12), tzinfo=dt.UTC)
    rows = [
        {"article_id": article_id, "visitor_hash": f"{prefix}{article_id}-{day}-{i}", "helpful": i < helpful,
         "reason": None if i < helpful else reason, "comment": comment, "lang": lang, "created_at": at, "updated_at": at}
        for i in range(helpful + unhelpful)
    ]
    db = Database(database_url)
    try:
        db.write_sync(lambda conn: conn.execute(votes.insert(), rows))
    finally:
        db.close()


def csrf(page_html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert match, "no CSRF token in the page"
    return html.unescape(match.group(1))


def login(client, email: str, password: str = PASSWORD, **extra):
    token = csrf(client.get("/admin/login").text)
    return client.post("/admin/login", data={"email": email, "password": password, "csrf_token": token, **extra},
                       follow_redirects=False)


def post_form(client, path: str, data: dict, *, token_from: str = "/admin/"):
    token = csrf(client.get(token_from).text)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def table_rows(page_html: str, table_class: str) -> list[str]:
    """The text of the first cell link/title in each body row of ``<table class="... table_class">``."""
    start = page_html.index(f'class="responsive {table_class}"')
    body = page_html[start: page_html.index("</table>", start)]
    return re.findall(r'<td data-label="Article">(?:<a href="[^"]*">)?([^<]+)', body)
