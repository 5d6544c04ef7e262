"""Fixtures for the service: a temporary built site with a small manifest, and real apps on it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.storage.engine import upgrade

# --import-mode=importlib leaves sys.path alone; the tests import their helpers by plain name.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_helpers import settings_for, write_manifest  # noqa: E402


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / ".search").mkdir(parents=True)
    (site / ".search" / "CURRENT").write_text("index-1")
    (site / "index.html").write_text("<html><body>home</body></html>")
    (site / "404.html").write_text("<html><body>not here</body></html>")
    write_manifest(site)
    return site


def _client_factory(database_url: str, site_dir: Path):
    """Builds a migrated app on the parametrized database and returns a TestClient for it."""
    upgrade(database_url)
    clients = []

    def make(**env: str) -> TestClient:
        client = TestClient(create_app(settings_for(database_url, site_dir, **env)))
        client.__enter__()
        clients.append(client)
        return client

    try:
        yield make
    finally:
        for client in clients:
            client.__exit__(None, None, None)


@pytest.fixture
def make_client(database_url: str, site_dir: Path):
    yield from _client_factory(database_url, site_dir)


@pytest.fixture
def make_sqlite_client(sqlite_url: str, site_dir: Path):
    """For checks that stop before the database (validation, routing): SQLite only, to save time."""
    yield from _client_factory(sqlite_url, site_dir)


@pytest.fixture
def sqlite_client(make_sqlite_client) -> TestClient:
    return make_sqlite_client()


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
