"""Tail latency of a CPU-bound endpoint by event loop: why the search API pauses one turn first.

    python bench/loop_fairness.py [--ms 1,2] [--loops asyncio,uvloop] [--pauses none,before]
                                  [--connections 16] [--duration 4]

A bare Starlette app under uvicorn (one worker), whose one endpoint spends ``ms`` milliseconds of
CPU on the event loop, as a search does, loaded by wrk with ``--connections`` clients. For each
event loop and each ``pause`` (``none``: the work starts in the request's first step; ``before``:
``await asyncio.sleep(0)`` first, as ``feedback_api/search/api.py`` does) it prints req/s and the
latency percentiles. At a fixed throughput the clients' latency can only be queueing: p50 is about
``connections x ms``, and a p99 far above it means some requests were answered out of turn.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

APP = '''
import asyncio, os, time
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

PAUSE = os.environ["PAUSE"]

async def work(request):
    ms = float(request.query_params["ms"])
    if PAUSE == "before":
        await asyncio.sleep(0)
    start = time.thread_time()
    while time.thread_time() - start < ms / 1000:
        pass
    return Response(b"x" * 4000, media_type="application/json")

app = Starlette(routes=[Route("/work", work)])
'''

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
"""


def measure(workdir: Path, loop: str, pause: str, ms: float, connections: int, duration: int) -> dict:
    from votes import free_port, wait_ready  # (bench/ is on sys.path: this script's folder)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--loop", loop, "--app-dir", str(workdir), "cpu_app:app", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        env={**os.environ, "PAUSE": pause},
    )
    try:
        wait_ready(port, "/work?ms=0", server)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(workdir / "report.lua"),
             f"http://127.0.0.1:{port}/work?ms={ms}"],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    m = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    if m is None:
        raise SystemExit(f"no figures from wrk:\n{out}")
    requests, duration_us, *lat = map(int, m.groups())
    return {"rps": requests / (duration_us / 1e6), **dict(zip(("p50", "p90", "p99", "p99.9", "max"), (v / 1000 for v in lat)))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ms", default="1,2", type=lambda v: [float(x) for x in v.split(",")], help="CPU ms a request")
    ap.add_argument("--loops", default="asyncio,uvloop", type=lambda v: v.split(","))
    ap.add_argument("--pauses", default="none,before", type=lambda v: v.split(","))
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--duration", type=int, default=4, help="seconds of wrk load a run")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: no figures")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        (workdir / "cpu_app.py").write_text(APP, encoding="utf-8")
        (workdir / "report.lua").write_text(LUA, encoding="utf-8")
        for ms, loop, pause in itertools.product(args.ms, args.loops, args.pauses):
            r = measure(workdir, loop, pause, ms, args.connections, args.duration)
            print(f"{ms:g} ms a request, {loop}, pause {pause}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p90 {r['p90']:.1f} ms, "
                  f"p99 {r['p99']:.1f} ms, p99.9 {r['p99.9']:.1f} ms, max {r['max']:.1f} ms (load average {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
