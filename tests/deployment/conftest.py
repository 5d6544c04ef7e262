"""The documented deployment, for real: Debian's nginx running the configuration block of
docs/deployment.md (only its ports and paths replaced) in front of two ``kb serve`` instances that
share one PostgreSQL database, over TLS with a throwaway certificate.

``proxy_stack`` (module) yields a ``Stack``: ``url`` (nginx, https), ``http_url`` (nginx, plain
http), ``instances`` (the two services), ``site`` (the built site) and ``client(source)``, an
httpx client whose connections leave from the loopback address ``source``, so each test client
is a distinct client address to the proxy and the rate limiter (Linux routes all of 127/8 to lo).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

# --import-mode=importlib leaves sys.path alone; the tests import their helpers by plain name.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from deploy_helpers import (  # noqa: E402
    KB_BIN,
    PASSWORD,
    PROXY_ADDRESS,
    RATE_LIMIT,
    ROOT,
    SECRET_KEY,
    STAFF_EMAIL,
    free_port,
    kb,
    stop,
    wait_for,
)

DEPLOYMENT_DOC = ROOT / "docs" / "deployment.md"


def documented_nginx_block() -> str:
    """The first ```nginx block of the "Behind a reverse proxy" section of docs/deployment.md."""
    section = DEPLOYMENT_DOC.read_text(encoding="utf-8").split("## Behind a reverse proxy", 1)[1]
    match = re.search(r"```nginx\n(.*?)```", section, re.S)
    assert match, "docs/deployment.md has no ```nginx block under 'Behind a reverse proxy'"
    return match.group(1)


def substitute(config: str, replacements: dict[str, str]) -> str:
    """Each documented value must be there exactly once: a changed doc fails here, loudly."""
    for old, new in replacements.items():
        count = config.count(old)
        assert count == 1, f"docs/deployment.md's nginx block has {old!r} {count} times, expected once"
        config = config.replace(old, new)
    return config


def nginx_conf(work: Path, server_block: str) -> str:
    """What Debian's /etc/nginx/nginx.conf gives a sites-enabled file, with every path in ``work``."""
    return f"""
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
{server_block}
}}
"""


@dataclass
class Instance:
    port: int
    proc: subprocess.Popen
    url: str = ""

    def __post_init__(self) -> None:
        self.url = f"http://127.0.0.1:{self.port}"


@dataclass
class Stack:
    url: str
    http_url: str
    site: Path
    cert: Path
    instances: list[Instance]
    env: dict
    staff_email: str = STAFF_EMAIL
    password: str = PASSWORD
    rate_limit: int = RATE_LIMIT
    proxy_address: str = PROXY_ADDRESS
    _clients: list[httpx.Client] = field(default_factory=list)

    def client(self, source: str, base_url: str | None = None) -> httpx.Client:
        context = ssl.create_default_context(cafile=str(self.cert))
        transport = httpx.HTTPTransport(local_address=source, verify=context)
        client = httpx.Client(base_url=base_url or self.url, transport=transport, timeout=30)
        self._clients.append(client)
        return client

    def close(self) -> None:
        for client in self._clients:
            client.close()


def _self_signed(work: Path) -> tuple[Path, Path]:
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@contextlib.contextmanager
def _database(pg_server: str):
    import psycopg

    name = f"kbtest_{secrets.token_hex(6)}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start(cleanup: contextlib.ExitStack, args: list[str], log: Path, **popen) -> subprocess.Popen:
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, **popen)
    cleanup.callback(stop, proc)
    return proc


@pytest.fixture(scope="module")
def proxy_stack(nginx_path: str, pg_server: str):
    if shutil.which("openssl") is None:
        pytest.fail("openssl is not installed (./dev test installs it with nginx)")
    with contextlib.ExitStack() as cleanup:  # undone in reverse: nginx, the instances, the database
        # Not pytest's tmp_path: that is private to our user, and nginx runs as nobody when we are root.
        work = Path(tempfile.mkdtemp(prefix="kb-nginx-"))
        cleanup.callback(shutil.rmtree, work, ignore_errors=True)
        work.chmod(0o755)
        site = work / "site"
        tls_port, http_port, ports = free_port(), free_port(), [free_port(), free_port()]
        url = f"https://127.0.0.1:{tls_port}"
        env = {**os.environ, "KB_SECRET_KEY": SECRET_KEY, "KB_ENV": "production",
               "KB_DATABASE_URL": cleanup.enter_context(_database(pg_server)),
               "KB_SITE_DIR": str(site), "KB_CONTENT_DIR": str(ROOT / "kb"),
               "KB_TRUSTED_PROXIES": PROXY_ADDRESS, "KB_RATE_LIMIT": f"{RATE_LIMIT}/day"}
        env.pop("FORWARDED_ALLOW_IPS", None)
        # Material's instant navigation and the 404 page's asset links need the public URL.
        kb("build", "--site-dir", str(site), "-q", env={**env, "KB_SITE_URL": f"{url}/"})
        kb("db", "upgrade", env=env)
        kb("admin", "create-user", STAFF_EMAIL, "--role", "admin", "--password-stdin", env=env, input=PASSWORD + "\n")

        instances = [Instance(port, _start(cleanup, [KB_BIN, "serve", "--host", "127.0.0.1", "--port", str(port),
                                                     "--log-level", "warning"], work / f"kb-serve-{port}.log", cwd=ROOT, env=env))
                     for port in ports]
        for instance in instances:
            wait_for(f"{instance.url}/healthz", instance.proc, work / f"kb-serve-{instance.port}.log", "kb serve")

        cert, key = _self_signed(work)
        block = substitute(documented_nginx_block(), {
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports[0]};",
            "server 127.0.0.1:8001;": f"server 127.0.0.1:{ports[1]};",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{tls_port} ssl http2;",
            "/etc/letsencrypt/live/help.example.com/fullchain.pem": str(cert),
            "/etc/letsencrypt/live/help.example.com/privkey.pem": str(key),
            "root /srv/help/site;": f"root {site};",
        })
        prefix = work / "nginx"
        prefix.mkdir()
        (prefix / "nginx.conf").write_text(nginx_conf(prefix, block), encoding="utf-8")
        user = {}
        if os.geteuid() == 0:  # never run the proxy as root, as in production
            user = {"user": "nobody", "group": "nogroup"}
            shutil.chown(prefix, "nobody", "nogroup")
            key.chmod(0o644)
        log = prefix / "error.log"
        nginx = _start(cleanup, [nginx_path, "-p", str(prefix), "-e", str(log), "-c", str(prefix / "nginx.conf")],
                       work / "nginx.out", **user)
        wait_for(f"{url}/healthz", nginx, log, "nginx", verify=ssl.create_default_context(cafile=str(cert)))

        stack = Stack(url, f"http://127.0.0.1:{http_port}", site, cert, instances, env)
        cleanup.callback(stack.close)
        yield stack
