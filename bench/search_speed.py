"""Search speed: index build, related articles and query latency on synthetic articles, plus the API
under concurrent clients.

    python bench/search_speed.py [--docs 5000] [--queries 1000] [--workers 1,2] [--clients 16] [--duration 10]

Articles are synthetic (a third Chinese) with front matter, headings, lists and code, like the
MEASURED.md corpus. The API runs as `kb serve` runs it, once per worker count:

* headline: wrk cycling through the 1,000 generated queries with the result-page cache turned off
  (KB_SEARCH_CACHE_SIZE=0), so every request is a real search: first on freshly started workers
  that warm nothing from the search log (KB_SEARCH_WARM_QUERIES=0, as on a site nobody has
  searched yet), then on workers started again as after a deploy, which warm their caches with
  the searches the log holds (the first run's traffic), then once more on those same workers;
* repeated queries: the cache on, and the queries drawn with Zipf's law (1/rank) from 5,000
  distinct ones, as help-center searches repeat; the hit rate printed is an LRU replay of the
  requests sent.

Each API line also gives the CPU time the server's processes spent per request (``votes.CpuMeter``):
on a shared machine throughput and latency follow how much CPU other work leaves, CPU per
request much less.

Everything is on: every query has learned factors for three of its results (in process: passed to
``search(learned=...)``; the API: clicks of three visitors each in ``search_signals``, which each
worker reloads every KB_SEARCH_LEARN_SECONDS).

Run it alone: it uses both cores for about two minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EN = ("task project gantt chart baseline dependency import export excel invoice workspace member role permission "
      "token webhook notification email calendar holiday workload report dashboard filter sort column field custom "
      "template recurring reminder comment attachment sync integration slack api limit error login password sso "
      "saml domain admin billing plan upgrade downgrade timeline milestone sprint board archive restore delete").split()
ZH = ("任务 项目 甘特图 基线 依赖 导入 导出 表格 发票 工作区 成员 角色 权限 令牌 回调 通知 邮件 日历 节假日 负载 报表 "
      "仪表盘 筛选 排序 字段 模板 提醒 评论 附件 同步 集成 接口 限流 错误 登录 密码 单点登录 域名 管理员 账单 套餐 "
      "升级 时间线 里程碑 看板 归档 恢复 删除 设置 配置 用户 团队 数据").split()
FILL_ZH = "的 了 在 和 可以 如果 需要 然后 点击 打开 选择".split()


def sentence(rng: random.Random, zh: bool) -> str:
    if zh:
        return "".join(rng.choice(ZH) + (rng.choice(FILL_ZH) if rng.random() < 0.5 else "") for _ in range(rng.randint(6, 14))) + "。"
    words = [rng.choice(EN) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, n: int, zh: bool) -> str:
    title = (" ".join(rng.choice(ZH) for _ in range(3))) if zh else " ".join(rng.choice(EN) for _ in range(4)).capitalize()
    parts = [f"---\nid: a{n}\ntitle: \"{title}\"\ncategory: c{n % 12}\ntags: [t{n % 30}, t{(n * 7) % 30}]\nowner: docs\nlang: {'zh' if zh else 'en'}\n---\n"]
    for s in range(rng.randint(3, 6)):
        head = " ".join(rng.choice(ZH if zh else EN) for _ in range(2))
        parts.append(f"## {head}\n\n" + " ".join(sentence(rng, zh) for _ in range(rng.randint(3, 7))) + "\n")
        parts.append("\n".join(f"- {sentence(rng, zh)}" for _ in range(3)) + "\n")
        if s == 1:
            parts.append("```bash\ncurl -H 'Authorization: Bearer $TOKEN' https://api.example.com/v1/tasks\n```\n")
    return "\n".join(parts)


def make_corpus(root: Path, docs: int) -> None:
    rng = random.Random(7)
    (root / "articles").mkdir(parents=True)
    for n in range(docs):
        zh = n % 3 == 0
        (root / "articles" / f"a{n}{'.zh' if zh else ''}.md").write_text(article(rng, n, zh), encoding="utf-8")


def queries(count: int) -> list[str]:
    rng = random.Random(11)
    out = []
    for i in range(count):
        if i % 3 == 0:
            out.append("".join(rng.choice(ZH) for _ in range(rng.randint(1, 3))))
        elif i % 10 == 1:
            out.append(rng.choice(EN)[:-1] + "x")  # typo
        else:
            out.append(" ".join(rng.choice(EN) for _ in range(rng.randint(1, 4))))
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WRK_THREADS = 2
WRK_LUA = """
local paths = {PATHS}
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  i = id
end
-- thread k sends paths k, k + THREADS, k + 2 THREADS ...: together they walk the list once in order
request = function()
  local path = paths[(i % #paths) + 1]
  i = i + {THREADS}
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "errors": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
"""


def connections_per_process(port: int, root: int) -> list[int]:
    """The established connections to ``port`` each process of the server ``root`` holds, most
    first. With several workers the kernel hands wrk's connections, all opened at once, to
    whichever worker accepts first: 8/8 or 16/0, and a worker's latency follows its share."""
    from votes import _process_tree

    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                f = line.split()
                if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == "01":
                    established.add(f[9])
    counts = []
    for pid in _process_tree(root):
        inodes = set()
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
        if inodes & established:
            counts.append(len(inodes & established))
    return sorted(counts, reverse=True)


def wrk_load(port: int, qs: list[str], connections: int, duration: int, workdir: Path, meter=None) -> dict:
    """wrk's figures; with a ``votes.CpuMeter`` of the server, its CPU ms per request as ``cpu_ms``,
    and how the connections were shared among its processes a second into the run (``split``)."""
    import threading
    from urllib.parse import quote

    paths = ", ".join(json.dumps(f"/api/v1/search?q={quote(q)}&reader_lang={('en', 'zh')[i % 2]}") for i, q in enumerate(qs))
    script = workdir / "search.lua"
    script.write_text(WRK_LUA.replace("{PATHS}", "{" + paths + "}").replace("{THREADS}", str(WRK_THREADS)), encoding="utf-8")
    split: list[int] = []
    if meter is not None:
        meter.start()
        threading.Timer(min(1.0, duration / 4), lambda: split.extend(connections_per_process(port, meter.server_pid))).start()
    out = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(script),
         f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True,
    ).stdout
    r = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[len("RESULT "):])
    seconds = r["duration_us"] / 1e6
    cpu_ms = 1000 * meter.seconds() / max(1, r["requests"]) if meter is not None else None
    return {"requests": r["requests"], "rps": r["requests"] / seconds, "errors": r["errors"],
            "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000, "cpu_ms": cpu_ms, "split": split}


def zipf_queries(count: int, pool: int, seed: int = 13) -> list[str]:
    """``count`` searches drawn from ``pool`` distinct queries, the r-th most popular with weight 1/r."""
    distinct = list(dict.fromkeys(queries(pool * 3)))[:pool]
    rng = random.Random(seed)
    rng.shuffle(distinct)
    return rng.choices(distinct, cum_weights=list(itertools.accumulate(1 / r for r in range(1, len(distinct) + 1))), k=count)


def lru_hit_rate(seq: list[str], size: int, workers: int) -> float:
    """Share of ``seq`` an LRU of ``size`` entries per worker answers (requests spread over workers)."""
    caches = [OrderedDict() for _ in range(workers)]
    rng = random.Random(5)
    hits = 0
    for q in seq:
        cache = caches[rng.randrange(workers)]
        if q in cache:
            hits += 1
            cache.move_to_end(q)
        else:
            cache[q] = True
            if len(cache) > size:
                cache.popitem(last=False)
    return hits / max(1, len(seq))


@contextlib.contextmanager
def serve(tmp: Path, db: str, workers: int, cache: int | None, warm_from_log: bool = True):
    """The API exactly as in production: `kb serve` (uvicorn with NoDelayHttpToolsProtocol, the app
    factory, no access log). Plain `uvicorn --workers N` loses TCP_NODELAY (uvicorn #3149) and
    every keep-alive response then waits ~40 ms on Nagle's algorithm."""
    import httpx

    port = free_port()
    env = {**os.environ, "KB_DATABASE_URL": db, "KB_SITE_DIR": str(tmp / "site"),
           "KB_SECRET_KEY": "bench-secret-key-0123456789abcdef"}
    if cache is not None:
        env["KB_SEARCH_CACHE_SIZE"] = str(cache)
    if not warm_from_log:
        env["KB_SEARCH_WARM_QUERIES"] = "0"
    kb = Path(sys.executable).with_name("kb")
    server = subprocess.Popen(
        [str(kb), "serve", "--port", str(port), "--workers", str(workers), "--log-level", "warning",
         "--site-dir", str(tmp / "site"), "--database-url", db],
        env=env, cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


async def api_load(url: str, qs: list[str], clients: int, total: int) -> tuple[float, list[float], int]:
    import httpx

    lat: list[float] = []
    errors = 0
    todo = iter(range(total))

    async def worker(client):
        nonlocal errors
        for i in todo:
            t = time.perf_counter()
            r = await client.get(url, params={"q": qs[i % len(qs)]})
            lat.append(time.perf_counter() - t)
            errors += r.status_code != 200

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return time.perf_counter() - started, lat, errors


def taught(searcher, qs: list[str], reader: list[str]) -> dict[str, dict[str, float]]:
    """Per query, learned factors for its 4th to 6th results (so the lift reorders them)."""
    out = {}
    for i, q in enumerate(qs):
        ids = [r["id"] for r in searcher.search(q, reader=reader[i % 2], per_page=6)["results"][3:6]]
        if ids:
            out[q] = {page_id: 1.25 for page_id in ids}
    return out


def seed_signals(db: str, learned: dict[str, dict[str, float]]) -> None:
    """Three visitors' clicks on each learned page of each query, as the click beacon records them."""
    from feedback_api.db import Database
    from feedback_api.search.learning import record
    from feedback_api.storage.engine import upgrade

    upgrade(db)
    database = Database(db)
    try:
        def write(conn):
            for q, pages in learned.items():
                for page_id in pages:
                    for v in range(3):
                        record(conn, b"bench-secret-key-0123456789abcdef", q, page_id, f"{v:032x}", "click")
        database.write_sync(write)
    finally:
        database.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--workers", default="1,2", type=lambda v: [int(x) for x in v.split(",")],
                    help="comma list of uvicorn worker counts, one API run each (searching is CPU-bound)")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--no-api", action="store_true", help="index and in-process figures only")
    ap.add_argument("--duration", type=int, default=10, help="seconds of wrk load per API run")
    args = ap.parse_args()

    from votes import CpuMeter  # (bench/ is on sys.path: this script's folder)

    from generator.content import load
    from generator.search import Searcher, build_index, related_map

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_corpus(tmp / "kb", args.docs)
        t = time.perf_counter()
        content = load(tmp / "kb")
        load_s = time.perf_counter() - t
        result = build_index(content, tmp / "site")
        size = sum(f.stat().st_size for f in result.index_dir.iterdir())
        print(f"load {len(content.pages)} pages: {load_s:.1f} s")
        print(f"index build: {result.seconds:.1f} s = {result.docs_per_second:.0f} docs/s "
              f"({1000 * result.seconds / result.docs:.2f} s per 1,000 docs), index {size / 1e6:.1f} MB")
        searcher = Searcher(tmp / "site")
        t = time.perf_counter()
        rel = related_map(content, searcher)
        print(f"related_map for {len(rel)} pages: {time.perf_counter() - t:.1f} s")

        qs = queries(args.queries)
        # The page's language goes with every search from the site (half the readers on each side).
        reader = ["en", "zh"]
        learned = taught(searcher, qs, reader)
        for i, q in enumerate(qs[:50]):
            searcher.search(q, reader=reader[i % 2])  # warm the posting-set cache like a running service
        lat, plain = [], []
        for i, q in enumerate(qs):
            # The same query without learned factors too, first or second in turn (the second
            # finds the first's cached slots): their ratio is the cost of the learned lift.
            for variant in ((lat, plain) if i % 2 else (plain, lat)):
                t = time.perf_counter()
                searcher.search(q, reader=reader[i % 2], learned=learned.get(q) if variant is lat else None)
                variant.append((time.perf_counter() - t) * 1000)
        print(f"load average {os.getloadavg()[0]:.2f}")
        print(f"in-process query latency over {len(qs)} queries: p50 {pct(lat, .5):.1f} ms, p99 {pct(lat, .99):.1f} ms, max {max(lat):.1f} ms")
        print(f"  the same queries without learned factors: p50 {pct(plain, .5):.1f} ms, p99 {pct(plain, .99):.1f} ms")

        if args.no_api:
            return 0
        db = f"sqlite:///{tmp / 'kb.sqlite3'}"
        from feedback_api.settings import Settings

        seed_signals(db, learned)

        # The size the server runs with when KB_SEARCH_CACHE_SIZE is unset (serve(cache=None) below).
        cache_size = Settings.from_env({"KB_ENV": "development"}).search_cache_size

        if not shutil.which("wrk"):
            print("wrk is not installed: no API figures")
            return 1
        # wrk (C) rather than a Python client: on two cores a Python load generator takes the CPU
        # the server needs and its own overhead lands in the latencies.
        repeated = zipf_queries(60_000, 5_000)
        for workers in args.workers:
            with serve(tmp, db, workers, cache=0, warm_from_log=False) as (port, pid):
                asyncio.run(api_load(f"http://127.0.0.1:{port}/api/v1/search", qs, args.clients, 64))  # warm-up
                # Every query new to the worker(s): each word's scores, each page's snippet matches
                # and decoded fields computed for the first time, at about twice the CPU.
                r = wrk_load(port, qs, args.clients, args.duration, tmp, CpuMeter(pid, None))
            # Started again on the same database, whose search log now holds that run's searches:
            # each worker runs the most frequent ones before it answers (KB_SEARCH_WARM_QUERIES).
            with serve(tmp, db, workers, cache=0) as (port, pid):
                asyncio.run(api_load(f"http://127.0.0.1:{port}/api/v1/search", qs, args.clients, 64))  # warm-up
                restarted = wrk_load(port, qs, args.clients, args.duration, tmp, CpuMeter(pid, None))
                # The same again on the same worker(s): the steady state.
                again = wrk_load(port, qs, args.clients, args.duration, tmp, CpuMeter(pid, None))
            for label, run in ((", fresh, no search history", r), (", restarted, warmed from the search log", restarted),
                               (", run again (warm)", again)):
                print(f"API, {workers} worker(s), {args.clients} connections, {args.duration} s, no result cache, {len(qs)} queries cycled{label}: "
                      f"{run['rps']:.0f} req/s, p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms, errors: {run['errors']}, "
                      f"CPU {run['cpu_ms']:.2f} ms/request{_shared(run, workers)} (load average {os.getloadavg()[0]:.2f})")
            with serve(tmp, db, workers, cache=None) as (port, pid):
                asyncio.run(api_load(f"http://127.0.0.1:{port}/api/v1/search", qs, args.clients, 64))  # warm-up
                r = wrk_load(port, repeated, args.clients, args.duration, tmp, CpuMeter(pid, None))
            hit = lru_hit_rate(repeated[: r["requests"]], cache_size, workers)
            print(f"API, {workers} worker(s), {args.clients} connections, {args.duration} s, result cache {cache_size}, repeated (Zipf) queries: "
                  f"{r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, errors: {r['errors']}, "
                  f"CPU {r['cpu_ms']:.2f} ms/request, ~{100 * hit:.0f}% cache hits{_shared(r, workers)} (load average {os.getloadavg()[0]:.2f})")
    return 0


def _shared(r: dict, workers: int) -> str:
    return f", connections per worker {'/'.join(map(str, r['split']))}" if workers > 1 and r["split"] else ""


if __name__ == "__main__":
    raise SystemExit(main())
