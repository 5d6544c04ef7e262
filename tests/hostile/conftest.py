"""A whole service for the hostile sets: a site with a search index and a manifest, the
contributions feature on a copy of the sample kb/, a signed-in contributor, on the parametrized
database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.storage.engine import upgrade
from generator.content import load
from generator.search import build_index

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
for folder in (HERE, TESTS / "feedback_api", TESTS / "feedback_api" / "contrib", TESTS / "search"):
    sys.path.insert(0, str(folder))
from api_helpers import settings_for  # noqa: E402
from contrib_helpers import contributor, pages, write_manifest  # noqa: E402
from search_helpers import write_kb  # noqa: E402


@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("hostile-site")
    build_index(load(write_kb(tmp_path_factory.mktemp("hostile-kb"))), site)
    write_manifest(site, pages())
    (site / "404.html").write_text("<html lang=en><body>Not found</body></html>", encoding="utf-8")
    (site / "zh").mkdir()
    (site / "zh" / "404.html").write_text("<html lang=zh><body>页面不存在</body></html>", encoding="utf-8")
    return site


@pytest.fixture
def service(database_url: str, search_site: Path, kb_copy: Path):
    upgrade(database_url)
    settings = settings_for(database_url, search_site, KB_CONTENT_DIR=str(kb_copy), KB_RATE_LIMIT="100000/minute",
                            KB_CONTRIB_DAILY_LIMIT="1000",
                            KB_DATABASE_TIMEOUT="5", KB_SERVE_SITE="1")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def contributor_client(service, database_url):
    """A second client on the same app, signed in as a contributor; returns (client, csrf token)."""
    with TestClient(service.app, raise_server_exceptions=False) as client:
        yield client, contributor(client, "hostile@example.com", "Hostile")


@pytest.fixture(autouse=True)
def cheap_argon2():
    from argon2 import PasswordHasher

    from feedback_api.auth import passwords

    previous = passwords.use(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use(previous)
