"""A real `kb serve` is killed (SIGKILL) mid-stream: every acknowledged vote survives, once.

SQLite with one worker, PostgreSQL with two: on both, votes are group-committed (feedback_api/db.py)
and a vote is acknowledged only after its batch's COMMIT."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from api_helpers import SECRET
from sqlalchemy import func, select

from feedback_api.storage.engine import is_sqlite, make_engine, upgrade
from feedback_api.storage.votes import votes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict, workers: int) -> subprocess.Popen:
    # `kb serve` itself (migrations on start, our uvicorn set-up), as an operator would run it; in
    # its own process group, so one SIGKILL takes the supervisor and its workers at once.
    proc = subprocess.Popen(
        [sys.executable, "-c", "from feedback_api.cli import serve; serve()", "--port", str(port),
         "--log-level", "warning", "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not become healthy in 20 s")


@pytest.mark.slow
def test_acknowledged_votes_survive_sigkill(database_url, site_dir):
    url = database_url
    workers = 1 if is_sqlite(url) else 2
    if not is_sqlite(url):
        upgrade(url)  # `kb serve` migrates SQLite only; PostgreSQL is the operator's `kb db upgrade`
    env = {**os.environ, "KB_DATABASE_URL": url, "KB_SITE_DIR": str(site_dir), "KB_SECRET_KEY": SECRET,
           "KB_RATE_LIMIT": "1000000/minute", "KB_ENV": "production"}
    port = free_port()
    proc = start_server(port, env, workers)
    acked: list[str] = []
    sent: list[str] = []
    stop = threading.Event()

    def stream(client_no: int):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=2) as client:
            i = 0
            while not stop.is_set() and i < 5_000:
                token = f"durability-visitor-{client_no}-{i:06d}"
                i += 1
                sent.append(token)
                try:
                    r = client.post("/api/v1/votes", json={"article_id": "getting-started", "helpful": True,
                                                           "visitor": token})
                except httpx.HTTPError:
                    continue  # the server is gone: unacknowledged, may or may not be stored
                if r.status_code == 201:
                    acked.append(token)

    # Several clients at once, so votes share batches (group commit) when the server is killed.
    writers = [threading.Thread(target=stream, args=(n,)) for n in range(8)]
    for writer in writers:
        writer.start()
    try:
        deadline = time.monotonic() + 15
        while len(acked) < 300 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)  # no shutdown, no checkpoint, mid-stream
        proc.wait(5)
        time.sleep(0.3)
    finally:
        stop.set()
        for writer in writers:
            writer.join(10)
    assert len(acked) >= 300

    proc = start_server(port, env, workers)
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(votes)).scalar_one()
            dupes = conn.execute(
                select(votes.c.visitor_hash).group_by(votes.c.article_id, votes.c.visitor_hash)
                .having(func.count() > 1)
            ).all()
        engine.dispose()
        assert dupes == []
        assert len(acked) <= stored <= len(sent)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            assert client.get("/api/v1/articles/getting-started/summary").json()["total"] == stored
            # Every acknowledged vote is known to the restarted server: voting again is a change.
            for token in acked[:: max(1, len(acked) // 50)] + acked[-5:]:
                r = client.post("/api/v1/votes", json={"article_id": "getting-started", "helpful": True,
                                                       "visitor": token})
                assert r.status_code == 200, token
            assert client.get("/api/v1/articles/getting-started/summary").json()["total"] == stored
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
