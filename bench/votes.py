"""Load POST /api/v1/votes on 127.0.0.1 with wrk, beside a bare Starlette endpoint in the same run.

    .venv/bin/python bench/votes.py [--duration 10] [--connections 32,128] [--skip-postgres]

Runs, each for --duration seconds per connection count (wrk, 2 threads, unique visitor tokens
from a Lua script): a bare Starlette POST endpoint (1 worker), the vote API on SQLite (1 worker),
the vote API on PostgreSQL (2 workers). Servers are started as `kb serve` starts them (uvloop,
httptools, TCP_NODELAY). Prints requests/s, acknowledged votes/s and p50/p99 latency.
Needs wrk (`apt-get install -y wrk`) and, for the PostgreSQL run, the server on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 50
PG = "host=127.0.0.1 port=5432 user=postgres dbname=test"

LUA = r"""
local threads = {}
local n = 0
function setup(thread)
  n = n + 1
  thread:set("tid", n)
  table.insert(threads, thread)
end
local counter = 0
local run = tostring(os.time())
request = function()
  counter = counter + 1
  local body = string.format(
    '{"article_id":"bench-%d","helpful":%s,"visitor":"bench-%s-%d-%012d"}',
    counter % ARTICLES, (counter % 3 == 0) and "false" or "true", run, tid, counter)
  return wrk.format("POST", "PATH", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('RESULT {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, bad, latency:percentile(50), latency:percentile(99)))
end
"""

BARE = '''
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def bare(request):
    await request.body()
    return JSONResponse({"ok": True}, status_code=201)

app = Starlette(routes=[Route("/bare", bare, methods=["POST"])])
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}{path}", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def wrk(port: int, path: str, connections: int, duration: int, workdir: Path) -> dict:
    script = workdir / "votes.lua"
    script.write_text(LUA.replace("ARTICLES", str(ARTICLES)).replace("PATH", path))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(script),
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT "))
    r = json.loads(line[len("RESULT "):])
    seconds = r["duration_us"] / 1e6
    return {
        "rps": r["requests"] / seconds,
        "acked_per_s": (r["requests"] - r["errors"]) / seconds,
        "errors": r["errors"],
        "p50_ms": r["p50_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
    }


def serve(cmd: list[str], env: dict, port: int, ready_path: str) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(port, ready_path, proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", default="32,128")
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    conns = [int(c) for c in args.connections.split(",")]
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    site = work / "site"
    site.mkdir()
    pages = [{"id": f"bench-{i}", "type": "article", "title": f"Bench {i}", "url": f"bench-{i}/"} for i in range(ARTICLES)]
    (site / "manifest.json").write_text(json.dumps({"version": 1, "build_id": "bench", "pages": pages}))
    (work / "bare_app.py").write_text(BARE)
    base_env = {**os.environ, "KB_SITE_DIR": str(site), "KB_SECRET_KEY": secrets.token_hex(16),
                "KB_RATE_LIMIT": "100000000/minute", "KB_ENV": "production", "KB_SERVE_SITE": "0"}
    serve_cmd = [sys.executable, "-c", "from feedback_api.cli import serve; serve()", "--log-level", "warning"]
    results = []

    def measure(label: str, cmd: list[str], env: dict, path: str, ready: str) -> None:
        port = free_port()
        proc = serve(cmd + ["--port", str(port)], env, port, ready)
        try:
            for c in conns:
                r = wrk(port, path, c, args.duration, work)
                results.append((label, c, r))
                print(f"{label:<34} c={c:<4} {r['rps']:>8.0f} req/s  {r['acked_per_s']:>8.0f} acked/s  "
                      f"p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}", flush=True)
        finally:
            stop(proc)

    bare_cmd = [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(work), "--log-level", "warning",
                "--no-access-log", "--http", "feedback_api.server:NoDelayHttpToolsProtocol", "--loop", "uvloop"]
    measure("bare Starlette POST, 1 worker", bare_cmd, base_env, "/bare", "/")
    sqlite_url = f"sqlite:///{work / 'var' / 'kb.sqlite3'}"
    measure("votes, SQLite, 1 worker", serve_cmd + ["--workers", "1"], {**base_env, "KB_DATABASE_URL": sqlite_url},
            "/api/v1/votes", "/healthz")
    if not args.skip_postgres:
        import psycopg

        from feedback_api.storage.engine import upgrade

        name = f"kbbench_{secrets.token_hex(4)}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        pg_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        try:
            upgrade(pg_url)
            measure("votes, PostgreSQL, 2 workers", serve_cmd + ["--workers", "2"], {**base_env, "KB_DATABASE_URL": pg_url},
                    "/api/v1/votes", "/healthz")
        finally:
            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps([{"server": l, "connections": c, **{k: round(v, 1) for k, v in r.items()}} for l, c, r in results]))


if __name__ == "__main__":
    main()
