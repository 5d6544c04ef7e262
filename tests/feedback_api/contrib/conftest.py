"""Contributions fixtures: a copy of the sample kb/ as KB_CONTENT_DIR, a site whose manifest
names one of its articles, and migrated apps on the parametrized database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.storage.engine import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from api_helpers import settings_for  # noqa: E402
from contrib_helpers import pages, write_manifest  # noqa: E402


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    write_manifest(site, pages())
    return site


@pytest.fixture
def contrib_db(database_url: str) -> str:
    upgrade(database_url)
    return database_url


@pytest.fixture
def make_app(contrib_db: str, site_dir: Path, kb_copy: Path):
    clients = []

    def make(**env: str):
        app = create_app(settings_for(contrib_db, site_dir, KB_CONTENT_DIR=str(kb_copy), KB_RATE_LIMIT="10000/minute", **env))
        app.state.manifest.check_interval = 0  # tests rewrite the manifest and expect the next request to see it
        return app

    def client(app) -> TestClient:
        c = TestClient(app)
        c.__enter__()
        clients.append(c)
        return c

    make.client = client
    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(make_app, app) -> TestClient:
    return make_app.client(app)


@pytest.fixture
def other_client(make_app, app) -> TestClient:
    return make_app.client(app)


@pytest.fixture(autouse=True)
def cheap_argon2():
    from argon2 import PasswordHasher

    from feedback_api.auth import passwords

    previous = passwords.use(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use(previous)
