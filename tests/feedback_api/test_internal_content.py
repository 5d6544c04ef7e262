"""Internal pages stay internal: nothing an anonymous client can fetch from `kb serve` (pages, files,
static search index, search API) holds a word found only in internal pages, and a signed-in staff
member reads them and finds them in search.

The sample help center's runbooks are internal by default; one article here says `audience: internal`.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import material
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.db import Database
from feedback_api.settings import Settings
from feedback_api.staff import accounts
from feedback_api.staff.orm import orm
from feedback_api.storage.engine import upgrade
from generator.cli import main
from generator.content import load

ROOT = Path(__file__).resolve().parents[2]
SECRET = "internal-content-tests-secret-0123456789"
PASSWORD = "correct horse battery staple"
INTERNAL_ARTICLE = """\
---
id: kb-internal-escalation
title: Escalation matrix for zebracorn outages
summary: Who to page when the zebracorn cluster misbehaves.
category: tasks
owner: support-leads
lang: en
audience: internal
---

Page the on-call via `#ops-zebracorn-7731` and ssh to `bastion-zebracorn.corp.example`.
"""
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.#-]{7,}[A-Za-z0-9]")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(content folder, public site, internal site), built the way `kb build` does by default."""
    tmp = tmp_path_factory.mktemp("audience")
    kb = tmp / "kb"
    shutil.copytree(ROOT / "kb", kb)
    (kb / "articles/tasks/escalation-matrix.md").write_text(INTERNAL_ARTICLE, encoding="utf-8")
    runbook = kb / "runbooks/search/SearchIndexStale.md"  # overdue for review: the dashboard's health view lists it
    runbook.write_text(runbook.read_text(encoding="utf-8").replace("reviewed: 2026-08-11", "reviewed: 2025-08-11"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--kb", str(kb), "--config", str(ROOT / "mkdocs.yml"),
                                       "--site-dir", str(tmp / "site"), "-q", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    return kb, tmp / "site", tmp / "site-internal"


@pytest.fixture(scope="module")
def secret_words(built) -> set[str]:
    """Words of the internal pages' sources that no public page, theme file or generator module holds."""
    kb = built[0]
    content = load(kb)
    internal = [p for p in content.pages if p.audience == "internal"]
    assert {p.type for p in internal} == {"runbook", "article"}
    public_text = "\n".join((kb / p.src_path).read_text(encoding="utf-8") for p in content.pages if p.audience == "public")
    # Text that reaches the site from the theme and the tools (Material's bundles and source maps).
    # The static index's files (static-search/) are checked, not read here.
    tools = [ROOT / "theme", ROOT / "generator", Path(material.__file__).parent]
    public_text += "\n".join(f.read_text(encoding="utf-8", errors="replace") for d in tools for f in d.rglob("*")
                             if f.is_file() and f.suffix in (".html", ".js", ".py", ".j2", ".css", ".map", ".json"))
    public_text = norm(public_text)
    words = {w for p in internal for w in WORD.findall((kb / p.src_path).read_text(encoding="utf-8"))}
    words |= {p.id for p in internal}
    secret = {w for w in words if norm(w) not in public_text}
    assert {"SearchIndexStale", "bastion-zebracorn.corp.example", "rb-eye93awc"} <= secret
    return secret


@pytest.fixture(scope="module")
def app_settings(built, tmp_path_factory) -> Settings:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'kb.sqlite3'}"
    upgrade(db_url, "heads")
    db = Database(db_url)
    try:
        db.write_sync(orm(lambda s: accounts.create_staff(s, "ops@example.com", PASSWORD, "viewer")))
    finally:
        db.close()
    return Settings.from_env({"KB_DATABASE_URL": db_url, "KB_SITE_DIR": str(built[1]), "KB_SECRET_KEY": SECRET,
                              "KB_SERVE_SITE": "1"})


@pytest.fixture
def anonymous(app_settings):
    with TestClient(create_app(app_settings)) as client:
        yield client


@pytest.fixture
def staff(app_settings):
    with TestClient(create_app(app_settings)) as client:
        page = client.get("/admin/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        r = client.post("/admin/login", data={"email": "ops@example.com", "password": PASSWORD, "csrf_token": token},
                        follow_redirects=False)
        assert r.status_code == 303
        yield client


def norm(text: str) -> str:
    """Lowercase, '-' and '_' as spaces: heading anchors and slugs spell public words that way too."""
    return re.sub(r"[-_]", " ", text.lower())


def readable(body: bytes) -> str:
    if body[:2] == b"\x1f\x8b":  # a gzipped file is read decompressed
        body = gzip.decompress(body)
    return norm(body.decode("utf-8", errors="replace"))


def leaks(text: str, words: set[str]) -> list[str]:
    return sorted(w for w in words if norm(w) in text)


def crawl(client: TestClient, start: list[str]) -> dict[str, bytes]:
    """Every same-site URL reachable by links from ``start``, as an anonymous browser would fetch them."""
    seen: dict[str, bytes] = {}
    todo = list(start)
    while todo:
        url = todo.pop()
        if url in seen or not url.startswith("/") or url.startswith(("/api/", "/admin", "/contribute")):
            continue
        r = client.get(url)
        seen[url] = r.content
        if "html" in r.headers.get("content-type", ""):
            for href in re.findall(r'(?:href|src)="([^"#?]+)', r.text):
                target = urlsplit(urljoin(url, href))
                if target.netloc in ("", "testserver", "127.0.0.1:8000"):
                    todo.append(target.path)
    return seen


def test_the_public_build_holds_no_internal_word_in_any_file(built, secret_words):
    """What a static host would publish (and the public whoosh index beside it) knows nothing internal."""
    site = built[1]
    files = [f for f in site.rglob("*") if f.is_file()]
    assert any(".search" in f.parts for f in files) and any("static-search" in f.parts for f in files)
    assert not (site / "runbooks").exists()
    for f in files:
        assert leaks(readable(f.read_bytes()), secret_words) == [], f.relative_to(site)


def test_an_anonymous_client_can_fetch_nothing_internal(anonymous, built, secret_words):
    site, internal = built[1], built[2]
    fetched = crawl(anonymous, ["/", "/zh/", "/search/", "/sitemap.xml", "/manifest.json", "/404.html"])
    assert len(fetched) > 50
    # Every file of the public build, by its path (the static index's files, feeds, alerts.json if any)...
    for f in site.rglob("*"):
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(site).parts):
            fetched["/" + f.relative_to(site).as_posix()] = anonymous.get("/" + f.relative_to(site).as_posix()).content
    # ... and every file of the internal build, tried by its path.
    for f in internal.rglob("*"):
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(internal).parts):
            path = "/" + f.relative_to(internal).as_posix()
            r = anonymous.get(path)
            if "runbooks" in path or "escalation-matrix" in path:
                assert r.status_code == 404, path
            fetched[path] = r.content
    for url, body in fetched.items():
        assert leaks(readable(body), secret_words) == [], url
    for word in ("zebracorn", "eye93awc"):
        assert anonymous.get("/api/v1/search", params={"q": word}).json()["total"] == 0, word
    for word in sorted(secret_words)[:40] + ["kubectl"]:
        body = anonymous.get("/api/v1/search", params={"q": word}).json()
        assert body.pop("query") == word  # the query itself is echoed back; nothing else may hold a secret word
        assert leaks(norm(json.dumps(body, ensure_ascii=False)), secret_words) == [], word


def test_signed_in_staff_read_internal_pages_with_a_badge_and_find_them(staff, anonymous):
    r = staff.get("/runbooks/search/SearchIndexStale/")
    assert r.status_code == 200
    assert "Search index is stale" in r.text and 'class="kb-meta__item kb-internal"' in r.text
    assert r.headers["cache-control"] == "private, no-store"
    article = staff.get("/articles/tasks/escalation-matrix/")
    assert article.status_code == 200 and "bastion-zebracorn.corp.example" in article.text
    assert "kb-internal" not in staff.get("/articles/tasks/recurring-tasks/").text, "public pages carry no badge"
    found = staff.get("/api/v1/search", params={"q": "zebracorn"})
    assert found.headers["cache-control"] == "private, no-store"
    assert [hit["url"] for hit in found.json()["results"]][:1] == ["articles/tasks/escalation-matrix/"]
    assert any(hit["url"].startswith("runbooks/") for hit in staff.get("/api/v1/search", params={"q": "SearchIndexStale"}).json()["results"])
    # The same requests without the session: nothing.
    assert anonymous.get("/runbooks/search/SearchIndexStale/").status_code == 404
    assert anonymous.get("/api/v1/search", params={"q": "zebracorn"}).json()["total"] == 0


def test_the_dashboard_knows_internal_pages(staff):
    """Content health lists an overdue runbook: staff views read the internal build's manifest."""
    health = staff.get("/admin/health")
    assert health.status_code == 200 and "Search index is stale" in health.text


def test_a_signed_out_or_forged_staff_cookie_reads_the_public_site(staff, app_settings):
    staff.post("/admin/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                               staff.get("/admin/").text).group(1)})
    assert staff.get("/runbooks/search/SearchIndexStale/").status_code == 404
    with TestClient(create_app(app_settings)) as forged:
        forged.cookies.set("kb_staff", "eyJzaWQiOiJ4In0.forged.signature")
        assert forged.get("/runbooks/search/SearchIndexStale/").status_code == 404
        assert forged.get("/api/v1/search", params={"q": "zebracorn"}).json()["total"] == 0
