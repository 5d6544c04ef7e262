"""Staff fixtures: a site with articles owned and dated for the health view, a migrated app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from feedback_api.app import create_app
from feedback_api.storage.engine import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_helpers import settings_for, write_manifest  # noqa: E402
from staff_helpers import PAGES  # noqa: E402


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    write_manifest(site, PAGES)
    return site


@pytest.fixture
def staff_db(database_url: str) -> str:
    upgrade(database_url)
    return database_url


@pytest.fixture
def make_staff_client(staff_db: str, site_dir: Path):
    clients = []

    def make(base_url: str = "http://testserver", **env: str) -> TestClient:
        client = TestClient(create_app(settings_for(staff_db, site_dir, **env)), base_url=base_url)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def staff_client(make_staff_client) -> TestClient:
    return make_staff_client()


@pytest.fixture(autouse=True)
def cheap_argon2():
    """Production Argon2 parameters cost ~0.5 s a hash on a busy CI box; the tests need many."""
    from argon2 import PasswordHasher

    from feedback_api.auth import passwords

    previous = passwords.use(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use(previous)
