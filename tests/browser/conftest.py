"""Browser-test fixtures: the sample site built once, and the real service (`kb serve`) around it.

* ``built_site`` (session): ``kb build`` of the sample kb/ into a temporary folder, with
  ``site_url`` on ``site_port`` (the port the servers below listen on; see ``site_port``).
* ``live_server`` (per test, parametrized by ``database_url``: SQLite file and PostgreSQL): a
  ``kb serve`` subprocess on a free 127.0.0.1 port with a known ``KB_SECRET_KEY``; see
  ``LiveServer`` for its helpers (``url``, ``get_json``, ``stop``/``start``, ``create_staff``).
* ``sqlite_server`` (module): one such service on a SQLite file, shared by a module's tests.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KB_BIN = str(Path(sys.executable).with_name("kb"))
SECRET_KEY = "browser-tests-secret-key-0123456789"


def _kb_command() -> list[str]:
    return [KB_BIN] if Path(KB_BIN).exists() else [sys.executable, "-m", "generator.cli"]


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port every ``live_server`` of this session listens on (one at a time).

    Material's instant navigation only takes over links listed in sitemap.xml, matched by port
    too, so the site is built with ``site_url`` on the port the tests serve it from.
    """
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port: int) -> Path:
    """``kb build`` of the sample kb/ with mkdocs.yml, only ``site_url`` pointing at ``site_port``."""
    work = tmp_path_factory.mktemp("browser")
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"site_url: http://127.0.0.1:{site_port}/\n"
        f"theme:\n  custom_dir: {ROOT / 'theme'}\n",  # relative paths resolve beside this file
        encoding="utf-8",
    )
    site = work / "site"
    proc = subprocess.run(
        [*_kb_command(), "build", "--config", str(config), "--site-dir", str(site), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"kb build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``kb serve`` as a subprocess; ``stop()`` then ``start()`` brings it back on the same port."""

    def __init__(self, site_dir: Path, database_url: str, workdir: Path, port: int | None = None) -> None:
        self.site_dir = site_dir
        self.database_url = database_url
        self.workdir = workdir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = workdir / "kb-serve.log"
        self.env = {
            **os.environ,
            "KB_SECRET_KEY": SECRET_KEY,
            "KB_ENV": "development",
            "KB_DATABASE_URL": database_url,
            "KB_SITE_DIR": str(site_dir),
            "KB_RATE_LIMIT": "10000/minute",
        }

    def kb(self, *args: str, input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run a `kb` subcommand against this server's database; fails the test on a non-zero exit."""
        proc = subprocess.run([*_kb_command(), *args], cwd=self.workdir, env=self.env, input=input,
                              capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            pytest.fail(f"kb {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def migrate(self) -> None:
        self.kb("db", "upgrade", "--database-url", self.database_url)

    def start(self, timeout: float = 90) -> None:  # generous: CI shares two cores with the whole suite
        assert self.proc is None, "already running"
        log = self.log.open("ab")
        self.proc = subprocess.Popen(
            [*_kb_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--site-dir", str(self.site_dir), "--database-url", self.database_url, "--log-level", "warning"],
            cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                pytest.fail(f"kb serve exited early:\n{self.log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"kb serve did not answer /healthz within {timeout}s:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def get_json(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def summary(self, article_id: str) -> dict:
        status, body = self.get_json(f"/api/v1/articles/{article_id}/summary")
        assert status == 200, body
        return body

    def create_staff(self, email: str, password: str, role: str = "admin") -> None:
        self.kb("admin", "create-user", email, "--role", role, "--password-stdin",
                "--database-url", self.database_url, input=password + "\n")


def _serve(site: Path, database_url: str, workdir: Path, port: int | None):
    server = LiveServer(site, database_url, workdir, port)
    if not database_url.startswith("sqlite"):
        server.migrate()  # `kb serve` upgrades a SQLite database itself, never PostgreSQL
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def live_server(built_site: Path, database_url: str, tmp_path: Path, site_port: int):
    """The service with the built site, once on a SQLite file and once on PostgreSQL."""
    yield from _serve(built_site, database_url, tmp_path, site_port)


@pytest.fixture
def served_on_site_port(built_site: Path, tmp_path: Path, site_port: int):
    """The service on the port the site was built for, so Material's instant navigation works
    (per test, like ``live_server``: only one server may hold that port at a time)."""
    yield from _serve(built_site, f"sqlite:///{tmp_path / 'kb.sqlite3'}", tmp_path, site_port)


@pytest.fixture(scope="module")
def sqlite_server(built_site: Path, tmp_path_factory):
    """One service on a SQLite file shared by a module's tests, for tests whose subject is the browser.

    It listens on a port of its own (so it may run beside ``live_server``); Material's instant
    navigation therefore falls back to full page loads on it.
    """
    work = tmp_path_factory.mktemp("sqlite-server")
    yield from _serve(built_site, f"sqlite:///{work / 'kb.sqlite3'}", work, None)


@pytest.fixture(scope="session")
def manifest(built_site: Path) -> dict:
    return json.loads((built_site / "manifest.json").read_text(encoding="utf-8"))


def serve_copy(server: LiveServer, built_site: Path, kb_copy: Path, tmp_path: Path, **env: str) -> LiveServer:
    """Restart ``server`` on a private copy of the built site, reading ``kb_copy`` (exports and
    rebuilds then change neither the session's site nor the sample kb)."""
    server.stop()
    site = tmp_path / "served-site"
    shutil.copytree(built_site, site)
    server.site_dir = site
    server.env.update(KB_CONTENT_DIR=str(kb_copy), **env)
    server.start()
    return server


def translated_pair(manifest: dict) -> tuple[dict, dict]:
    """An English article of the sample kb and its Chinese translation, from the manifest."""
    by_id = {p["id"]: p for p in manifest["pages"]}
    for page in manifest["pages"]:
        original = by_id.get(page.get("translation_of") or "")
        if page["lang"] == "zh" and original and original["lang"] == "en" and page["type"] == "article":
            return original, page
    raise AssertionError("the sample kb has no English article with a Chinese translation")


@pytest.fixture
def page_errors():
    """Collects uncaught page errors and console errors of every page passed to ``watch``."""

    class Errors(list):
        def watch(self, page):
            page.on("pageerror", lambda exc: self.append(f"pageerror: {exc}"))
            page.on("console", self._console)
            return page

        def _console(self, msg) -> None:
            # The browser's own "Failed to load resource" lines are expected when a test cuts the API off.
            if msg.type == "error" and "Failed to load resource" not in msg.text:
                self.append(f"console: {msg.text}")

    return Errors()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@pytest.fixture
def static_site(built_site: Path):
    """The built site from a plain static file server with no API behind it at all; yields its URL."""
    yield from _static(built_site)


@pytest.fixture
def static_internal_site(built_site: Path):
    """The internal build (runbooks and every other page, internal ones badged) from a plain static
    file server, as a team hosting it on its intranet would; yields its URL."""
    yield from _static(built_site.with_name("site-internal"))


@pytest.fixture
def staff_signed_in(browser):
    """``staff_signed_in(server, [email, password, role])``: a new browser page signed in to
    ``server`` as staff (a viewer unless told; the account is created first, once per e-mail)."""
    return functools.partial(_staff_signed_in, browser)


def _staff_signed_in(browser, server: LiveServer, email: str = "staff@example.com", password: str = "staff password 123",
                     role: str = "viewer"):
    if email not in getattr(server, "staff", set()):
        server.create_staff(email, password, role)
        server.staff = getattr(server, "staff", set()) | {email}
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/admin/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/admin/")
    return page


def _static(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
