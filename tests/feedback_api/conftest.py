"""Fixtures for the service: a temporary built site with a small manifest, and real apps on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.storage.engine import upgrade
from api_helpers import settings_for, write_manifest

@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / ".search").mkdir(parents=True)
    (site / ".search" / "CURRENT").write_text("index-1")
    (site / "index.html").write_text("<html><body>home</body></html>")
    (site / "404.html").write_text("<html><body>not here</body></html>")
    write_manifest(site)
    return site


@pytest.fixture
def make_client(database_url: str, site_dir: Path):
    """Builds a migrated app on the parametrized database and returns a TestClient for it."""
    upgrade(database_url)
    clients = []

    def make(**env: str) -> TestClient:
        client = TestClient(create_app(settings_for(database_url, site_dir, **env)))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
