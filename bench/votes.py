"""Load POST /api/v1/votes on 127.0.0.1 with wrk, beside a bare Starlette endpoint in the same run.

    .venv/bin/python bench/votes.py [--duration 10] [--connections 32,128] [--skip-postgres] [--baseline REV]
                                    [--pg-socket /var/run/postgresql]

Runs, each for --duration seconds per connection count (wrk, 2 threads, unique visitor tokens
from a Lua script): a bare Starlette POST endpoint (1 worker), the vote API on SQLite (1 worker),
the vote API on PostgreSQL (2 workers; with --pg-socket also through the Unix socket), each
database fresh. Servers are started as `kb serve`
starts them (uvloop, httptools, TCP_NODELAY); the rate limit is on (raised so it never refuses).
With --baseline REV the service as committed at REV (`git archive REV feedback_api`) is measured
too, right before the working tree's, so a before/after comparison shares one run and one
machine load. Prints requests/s, acknowledged votes/s, p50/p99 latency, CPU milliseconds per
request (the server's processes plus, on PostgreSQL, its backends: less sensitive to the other
work on a shared machine than the rates) and the load average.
Needs wrk (`apt-get install -y wrk`) and, for the PostgreSQL run, the server on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
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
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    r = json.loads(line[len("RESULT "):])
    seconds = r["duration_us"] / 1e6
    return {
        "seconds": seconds,
        "rps": r["requests"] / seconds,
        "acked_per_s": (r["requests"] - r["errors"]) / seconds,
        "errors": r["errors"],
        "p50_ms": r["p50_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
    }


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _process_tree(root: int) -> set[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


class CpuMeter(threading.Thread):
    """CPU seconds used by the server's processes and by its database's PostgreSQL backends while
    the load runs: on a shared machine the throughput follows how much CPU other work leaves, CPU
    per vote much less. Processes running at the start count from then, later ones from their
    start; sampled every 0.1 s, so a process that exits between samples loses the rest."""

    def __init__(self, server_pid: int, pg_database: str | None) -> None:
        import psycopg

        super().__init__(daemon=True)
        self.server_pid, self.pg_database = server_pid, pg_database
        self.conn = psycopg.connect(PG, autocommit=True) if pg_database else None
        self.last: dict[int, int] = {}
        self.done = threading.Event()
        self._sample()
        self.first = dict(self.last)

    def _sample(self) -> None:
        pids = _process_tree(self.server_pid)
        if self.conn is not None:
            pids |= {pid for (pid,) in self.conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (self.pg_database,))}
        for pid in pids:
            ticks = _cpu_ticks(pid)
            if ticks is not None:
                self.last[pid] = ticks

    def run(self) -> None:
        while not self.done.wait(0.1):
            self._sample()
        self._sample()

    def seconds(self) -> float:
        self.done.set()
        self.join()
        if self.conn is not None:
            self.conn.close()
        return sum(ticks - self.first.get(pid, 0) for pid, ticks in self.last.items()) / os.sysconf("SC_CLK_TCK")


def serve(cmd: list[str], env: dict, port: int, ready_path: str, cwd: Path) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(port, ready_path, proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def checkout(rev: str, dest: Path) -> Path:
    """The feedback_api package as committed at ``rev``, in ``dest`` (run with cwd=dest, it shadows ours)."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "feedback_api"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


@contextlib.contextmanager
def postgres_database():
    import psycopg

    name = f"kbbench_{secrets.token_hex(4)}"
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", default="32,128")
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--baseline", metavar="REV", help="also measure feedback_api as committed at this git revision")
    ap.add_argument("--pg-socket", metavar="DIR", help="also measure PostgreSQL through its Unix socket in DIR (e.g. /var/run/postgresql)")
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
    # (label suffix, working directory the server starts in: its feedback_api is the one imported)
    trees = [("", ROOT)]
    if args.baseline:
        trees.insert(0, (f" @{args.baseline}", checkout(args.baseline, work / "baseline")))
    results = []

    def measure(label: str, cmd: list[str], env: dict, path: str, ready: str, cwd: Path = ROOT) -> None:
        port = free_port()
        proc = serve(cmd + ["--port", str(port)], env, port, ready, cwd)
        pg_database = env["KB_DATABASE_URL"].split("?")[0].rsplit("/", 1)[1] if "postgresql" in env.get("KB_DATABASE_URL", "") else None
        try:
            for c in conns:
                meter = CpuMeter(proc.pid, pg_database)
                meter.start()
                r = wrk(port, path, c, args.duration, work)
                r["cpu_ms_per_request"] = 1000 * meter.seconds() / max(1, r["rps"] * r["seconds"])
                r["load"] = os.getloadavg()[0]
                results.append((label, c, r))
                print(f"{label:<44} c={c:<4} {r['rps']:>8.0f} req/s  {r['acked_per_s']:>8.0f} acked/s  "
                      f"p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}  "
                      f"CPU {r['cpu_ms_per_request']:.2f} ms/request  (load average {r['load']:.2f})", flush=True)
        finally:
            stop(proc)

    bare_cmd = [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(work), "--log-level", "warning",
                "--no-access-log", "--http", "feedback_api.server:NoDelayHttpToolsProtocol", "--loop", "uvloop"]
    measure("bare Starlette POST, 1 worker", bare_cmd, base_env, "/bare", "/")
    for n, (suffix, tree) in enumerate(trees):
        sqlite_url = f"sqlite:///{work / f'var{n}' / 'kb.sqlite3'}"
        measure(f"votes, SQLite, 1 worker{suffix}", serve_cmd + ["--workers", "1"],
                {**base_env, "KB_DATABASE_URL": sqlite_url}, "/api/v1/votes", "/healthz", tree)
    # (label suffix, URL query): TCP to 127.0.0.1, then the Unix socket when asked
    transports = [("", "")] + ([(" (Unix socket)", f"?host={args.pg_socket}")] if args.pg_socket else [])
    for via, query in transports if not args.skip_postgres else []:
        for suffix, tree in trees:
            with postgres_database() as pg_url:
                # `kb serve` migrates SQLite itself; PostgreSQL is upgraded by the operator (`kb db upgrade`).
                subprocess.run([sys.executable, "-c", "import sys; from feedback_api.storage.engine import upgrade; upgrade(sys.argv[1])",
                                pg_url], cwd=tree, check=True)
                measure(f"votes, PostgreSQL{via}, 2 workers{suffix}", serve_cmd + ["--workers", "2"],
                        {**base_env, "KB_DATABASE_URL": pg_url + query}, "/api/v1/votes", "/healthz", tree)
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps([{"server": label, "connections": c, **{k: round(v, 2) for k, v in r.items()}} for label, c, r in results]))


if __name__ == "__main__":
    main()
