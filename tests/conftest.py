"""Shared fixtures: the shared corpora, real databases (SQLite file and PostgreSQL), Chromium."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "kb"
CORPORA = ROOT.parent / "shared" / "corpora"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("KB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"


def _unavailable(reason: str):
    """Skip on a developer's own machine; in CI a missing dependency is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        _unavailable(f"../shared/corpora is not beside this clone (looked in {CORPORA})")
    return CORPORA


def _pg_available() -> str | None:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable" here
        return f"PostgreSQL is not reachable on 127.0.0.1:5432 ({exc.__class__.__name__}: {exc})"


@pytest.fixture(scope="session")
def pg_server() -> str:
    problem = _pg_available()
    if problem:
        _unavailable(problem)
    return PG_ADMIN_URL


@pytest.fixture
def postgres_url(pg_server: str):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"kbtest_{secrets.token_hex(6)}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Runs a test once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        _unavailable("Debian's chromium is not installed (./dev test installs it with apt)")
    return CHROMIUM


@pytest.fixture(scope="session")
def nginx_path() -> str:
    if not Path(NGINX).exists():
        _unavailable("Debian's nginx is not installed (./dev test installs it with apt)")
    return NGINX


@pytest.fixture(scope="session")
def wrk() -> str:
    """The HTTP load generator the API benchmarks use (./dev test installs it with apt)."""
    path = shutil.which("wrk")
    if not path:
        _unavailable("wrk is not installed (./dev test installs it with apt)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update"],
        )
        yield b
        b.close()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A private copy of the sample kb/ that a test may modify."""
    dest = tmp_path / "kb"
    shutil.copytree(KB, dest)
    return dest
