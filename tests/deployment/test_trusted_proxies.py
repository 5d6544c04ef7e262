"""`kb serve` believes X-Forwarded-For only from the addresses in KB_TRUSTED_PROXIES: by default
from nobody, not even from 127.0.0.1 or when uvicorn's own FORWARDED_ALLOW_IPS says `*`."""

from __future__ import annotations

import json
import os
import subprocess

import httpx
import pytest
from deploy_helpers import KB_BIN, ROOT, SECRET_KEY, free_port, stop, wait_for

ARTICLE = "getting-started"
LIMIT = 2


@pytest.fixture
def serve(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text(json.dumps({"version": 1, "build_id": "b1", "pages": [
        {"id": ARTICLE, "type": "article", "title": "Getting started", "url": "getting-started/", "lang": "en"}]}))
    procs = []

    def start(**env: str) -> str:
        port = free_port()
        full = {k: v for k, v in os.environ.items() if k not in ("FORWARDED_ALLOW_IPS", "KB_TRUSTED_PROXIES")}
        full.update({"KB_SECRET_KEY": SECRET_KEY, "KB_SITE_DIR": str(site), "KB_RATE_LIMIT": f"{LIMIT}/day",
                     "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'kb.sqlite3'}", **env})
        log = tmp_path / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([KB_BIN, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                    cwd=ROOT, env=full, stdout=out, stderr=subprocess.STDOUT)
        procs.append(proc)
        wait_for(f"http://127.0.0.1:{port}/healthz", proc, log, "kb serve")
        return f"http://127.0.0.1:{port}"

    yield start
    for proc in procs:
        stop(proc)


def _votes_with_forged_addresses(url: str) -> list[int]:
    with httpx.Client(base_url=url, timeout=30) as client:
        return [client.post("/api/v1/votes", json={"article_id": ARTICLE, "helpful": True, "visitor": f"visitor-{i:012d}"},
                            headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
                for i in range(LIMIT + 1)]


@pytest.mark.parametrize("env", [{}, {"FORWARDED_ALLOW_IPS": "*"}], ids=["default", "uvicorn-trusts-all"])
def test_forged_forwarded_for_is_ignored_by_default(serve, env):
    # One client (127.0.0.1) claiming a new address each time is still one client.
    assert _votes_with_forged_addresses(serve(**env)) == [201] * LIMIT + [429]


def test_trusted_proxy_sets_the_client_address(serve):
    # From a listed proxy, each X-Forwarded-For address is a client of its own.
    assert _votes_with_forged_addresses(serve(KB_TRUSTED_PROXIES="10.0.0.0/8, 127.0.0.1")) == [201] * (LIMIT + 1)


def test_bad_trusted_proxies_stop_kb_serve_with_a_message():
    env = {**os.environ, "KB_TRUSTED_PROXIES": "*", "KB_SECRET_KEY": SECRET_KEY}
    proc = subprocess.run([KB_BIN, "serve", "--port", str(free_port())], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "KB_TRUSTED_PROXIES has value '*'" in proc.stderr and "Traceback" not in proc.stderr
