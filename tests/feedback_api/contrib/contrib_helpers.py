"""Helpers for the contributions tests (imported by plain name, like api_helpers)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from feedback_api.db import Database
from feedback_api.staff import accounts
from feedback_api.staff.orm import orm

PASSWORD = "correct horse battery staple"
ARTICLE_ID = "kb-hgw6x72n"  # kb/articles/account/change-your-plan.md in the sample content
ARTICLE_SOURCE = "articles/account/change-your-plan.md"


def pages(**extra_by_id) -> list[dict]:
    base = [
        {"id": ARTICLE_ID, "type": "article", "title": "Change your plan or number of seats",
         "url": "articles/account/change-your-plan/", "source": ARTICLE_SOURCE, "lang": "en",
         "category": "account", "tags": ["billing"], "submission": None},
        {"id": "index", "type": "page", "title": "Home", "url": "", "source": "index.md", "lang": "en",
         "category": None, "tags": []},
    ]
    for page in base:
        page.update(extra_by_id.get(page["id"], {}))
    return base


def write_manifest(site: Path, page_list: list[dict], build_id: str = "build-1") -> None:
    (site / "manifest.json").write_text(json.dumps({"version": 1, "build_id": build_id, "pages": page_list}), encoding="utf-8")


def csrf_from(page_html: str, name: str = "csrf_token") -> str:
    m = re.search(rf'name="{name}" value="([^"]+)"', page_html) or re.search(r'name="csrf-token" content="([^"]+)"', page_html)
    assert m, "no CSRF token in the page"
    return html.unescape(m.group(1))


def add_staff(database_url: str, email: str, role: str = "reviewer") -> None:
    db = Database(database_url)
    try:
        db.write_sync(orm(lambda s: accounts.create_staff(s, email, PASSWORD, role)))
    finally:
        db.close()


def register(client, email: str, name: str = "Ada", password: str = PASSWORD):
    token = csrf_from(client.get("/contribute/register").text)
    return client.post("/contribute/register", data={"csrf_token": token, "email": email, "password": password,
                                                      "display_name": name}, follow_redirects=False)


def sign_in(client, email: str, password: str = PASSWORD, visitor: str = ""):
    token = csrf_from(client.get("/contribute/login").text)
    return client.post("/contribute/login", data={"csrf_token": token, "email": email, "password": password,
                                                   "visitor": visitor}, follow_redirects=False)


def contributor(client, email: str = "ada@example.com", name: str = "Ada", visitor: str = "") -> str:
    """Registers and signs in; returns the CSRF token for API calls."""
    register(client, email, name)
    r = sign_in(client, email, visitor=visitor)
    assert r.status_code == 303, r.text
    return csrf_from(client.get("/contribute/profile").text)


def api_post(client, token: str, path: str, body: dict):
    return client.post(path, json=body, headers={"X-CSRF-Token": token})


def edit(body: str = "Updated text.\n", **extra) -> dict:
    return {"kind": "edit", "article_id": ARTICLE_ID, "body": body, **extra}


def article(title: str = "Share a board with a guest", **extra) -> dict:
    return {"kind": "article", "title": title, "category": "account", "tags": ["billing"], "lang": "en",
            "body": "Open **Share** and invite the guest.\n", **extra}


def staff_sign_in(client, email: str) -> None:
    token = csrf_from(client.get("/admin/login").text)
    r = client.post("/admin/login", data={"email": email, "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text


def staff_post(client, path: str, data: dict | None = None):
    token = csrf_from(client.get("/admin/review").text)
    return client.post(path, data={"csrf_token": token, **(data or {})}, follow_redirects=False)


def decide(reviewer, sub_id: str, decision: str = "approve", note: str = ""):
    assert staff_post(reviewer, f"/admin/review/{sub_id}/claim").status_code == 303
    return staff_post(reviewer, f"/admin/review/{sub_id}/decide", {"decision": decision, "note": note})


def reviewer(client, database_url: str, email: str = "rev@example.com", role: str = "reviewer"):
    add_staff(database_url, email, role)
    staff_sign_in(client, email)
    return client


def publish(app, page_list: list[dict], build_id: str) -> None:
    write_manifest(Path(app.state.settings.site_dir), page_list, build_id)
    app.state.manifest.reload()


def ledger_rows(database_url: str) -> list[tuple]:
    from sqlalchemy import select

    from feedback_api.contrib.models import LedgerEntry

    db = Database(database_url)
    try:
        return db.read_sync(lambda conn: [tuple(r) for r in conn.execute(
            select(LedgerEntry.account_id, LedgerEntry.points, LedgerEntry.rule, LedgerEntry.idempotency_key)
            .order_by(LedgerEntry.id))])
    finally:
        db.close()
