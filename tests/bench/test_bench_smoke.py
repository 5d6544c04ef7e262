"""Every script in bench/ runs at a tiny size, so a renamed setting or a moved function breaks the
suite instead of the next measurement. Each run must exit 0 and print its figures; no figure is
compared with a target (speed targets live in bench/ with their results in docs/performance.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
# Each script's smoke test below; a new script without one fails test_every_script_has_a_smoke_run
# (audience_build.sh, a shell script, has its own below).
# (bench/bm25_baseline.py is a module, run through search_eval.py's bm25 backend.)
COVERED = {"synth.py", "build.py", "preview_latency.py", "search_eval.py", "search_tune.py", "search_speed.py",
           "votes.py", "static_search_bytes.py", "search_answers.py", "template_render.py", "loop_fairness.py"}

pytestmark = pytest.mark.slow


def run(script: str, *args: str | Path, timeout: float = 300) -> str:
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, (
        f"bench/{script} exited with {proc.returncode}\n--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc.stdout


def test_every_script_has_a_smoke_run():
    scripts = {p.name for p in BENCH.glob("*.py") if '__name__ == "__main__"' in p.read_text(encoding="utf-8")}
    assert scripts == COVERED


def test_synth(tmp_path: Path):
    out = run("synth.py", "--n", "20", "--out", tmp_path / "kb", "--verify")
    assert "wrote 20 articles" in out
    assert "0 link problem(s)" in out
    assert len(list((tmp_path / "kb").rglob("*.md"))) >= 20


def test_build(tmp_path: Path):
    out = run("build.py", "--sizes", "20", "--out", tmp_path)
    for build in ("plain Material, categories-only nav", "kb build (full)", "kb build --no-search-index"):
        assert re.search(rf"^\| 20 \| {re.escape(build)} \| [\d.]+ s \|", out, re.M), f"no table row for {build}:\n{out}"
    assert re.search(r"20 articles: ours/plain wall = kb [\d.]+×", out)
    result = json.loads((tmp_path / "build-20.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in result["runs"]} >= {"plain", "kb"}


def test_build_incremental(tmp_path: Path):
    out = run("build.py", "--sizes", "20", "--incremental", "--out", tmp_path)
    assert re.search(r"^\| 20 \| one article edited \(with the cache\) \| [\d.]+ s \|", out, re.M), out
    assert re.search(r"20 articles: incremental / cold = [\d.]+% wall", out), out
    assert "20 articles: incremental site identical to the cold build: yes" in out
def test_build_on_one_core_beside_a_baseline_revision(tmp_path: Path):
    out = run("build.py", "--sizes", "20", "--out", tmp_path, "--cpus", "0", "--skip-nosearch", "--baseline", "HEAD")
    assert "every build under taskset -c 0" in out
    assert re.search(r"^\| 20 \| kb build \(full\) @HEAD \| [\d.]+ s \|", out, re.M), out
    assert re.search(r"20 articles: ours/plain CPU  = kb [\d.]+×, kb-baseline [\d.]+×", out), out


def test_template_render(tmp_path: Path):
    out = run("template_render.py", "--size", "20", "--renders", "2", "--rounds", "1", "--out", tmp_path)
    for build in ("plain Material", "kb build"):
        assert re.search(rf"^\| {build} \| \d+ \| [\d.]+ \| `articles/.+\.md` \| [\d.]+ \| [\d.]+ \| [\d.]+× \|$", out, re.M), out


def test_static_search_bytes(tmp_path: Path, chromium_path: str):
    out = run("static_search_bytes.py", "--size", "20", "--out", tmp_path, "--chromium", chromium_path)
    for where in ("header", "results"):
        assert re.search(rf"^\| baseline \| {where} \| [\d,]+ \| \d+ \| .*term shards", out, re.M), out


def test_preview_latency(tmp_path: Path):
    out = run("preview_latency.py", "--size", "20", "--repeat", "1", "--out", tmp_path)
    assert re.search(r"20 articles: edit → served in [\d.]+ s \(target", out), out


def test_search_eval_every_backend(tmp_path: Path):
    """Ours, ours after simulated clicks on the tuning half, plain BM25 (bench/bm25_baseline.py) and Material's own search worker under Node.js
    (bench/node) over the sample kb/ and its labelled queries."""
    out = run("search_eval.py", "--corpus", "sample-kb", "--backend", "ours", "--backend", "learned", "--backend", "bm25",
              "--backend", "material", "--work", tmp_path, "--json")
    report = json.loads(out)
    queries = (BENCH / "queries" / "sample-kb.jsonl").read_text(encoding="utf-8")
    count = sum(1 for line in queries.splitlines() if line.strip())
    for backend in ("ours", "learned", "bm25", "material"):
        halves = [report[half]["all"][backend] for half in ("tuning", "held-out")]
        assert sum(h["n"] for h in halves) == count
        assert all(0 <= h["mrr@10"] <= 1 for h in halves)


def test_search_tune(tmp_path: Path):
    out = run("search_tune.py", "--corpus", "sample-kb", "--work", tmp_path)
    assert re.search(r"^best boosts \(.*\): [\d.]+$", out, re.M), out
    assert re.search(r"^cut-off 0.3: good n=\d+ right [\d.]+", out, re.M), out


def test_search_speed(tmp_path: Path, wrk: str):
    out = run("search_speed.py", "--docs", "60", "--queries", "30", "--workers", "1,2", "--clients", "2", "--duration", "1")
    assert re.search(r"^index build: [\d.]+ s", out, re.M), out
    assert re.search(r"^in-process query latency over 30 queries: p50 [\d.]+ ms, p99 [\d.]+ ms", out, re.M), out
    for workers in (1, 2):
        api = re.findall(rf"^API, {workers} worker\(s\), 2 connections, 1 s, .*: (\d+) req/s, .*errors: (\d+)", out, re.M)
        assert len(api) == 4, out  # no cache: fresh, restarted warmed from the log, run again; repeated queries
        assert all(int(rps) > 0 and errors == "0" for rps, errors in api), out
    for label in (r"fresh, no search history", r"restarted, warmed from the search log", r"run again \(warm\)"):
        assert re.search(rf"^API, 1 worker\(s\), .*queries cycled, {label}: ", out, re.M), out
    # with two workers, how wrk's connections were shared between them
    assert len(re.findall(r"^API, 2 worker\(s\), .*connections per worker \d+(/\d+)?", out, re.M)) == 4, out


def test_search_answers_finds_a_changed_answer(tmp_path: Path):
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    out = run("search_answers.py", before, "--docs", "40", "--queries", "10")
    assert re.search(r"^(\d+) answers written to ", out, re.M), out
    lines = before.read_text(encoding="utf-8").splitlines()
    # Pages 1 and 2 from both reader languages for the 10 generated queries and bench/queries'.
    assert len(lines) > 40 and all(json.loads(line)["body"].startswith('{"query":') for line in lines)
    out = run("search_answers.py", after, "--docs", "40", "--queries", "10", "--compare", before)
    assert f"0 of {len(lines)} answers differ" in out, out
    changed = json.loads(lines[3])
    changed["body"] = changed["body"].replace('"total":', '"total": ', 1)
    before.write_text("\n".join([*lines[:3], json.dumps(changed, ensure_ascii=False), *lines[4:]]) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(BENCH / "search_answers.py"), after, "--docs", "40", "--queries", "10",
                           "--compare", before], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"1 of {len(lines)} answers differ: {changed['q']}" in proc.stdout, proc.stdout


def test_loop_fairness(wrk: str):
    out = run("loop_fairness.py", "--ms", "0.5", "--connections", "2", "--duration", "1")
    lines = re.findall(r"^0.5 ms a request, (asyncio|uvloop), pause (none|before): (\d+) req/s, p50 [\d.]+ ms, .*p99 [\d.]+ ms", out, re.M)
    assert sorted((loop, pause) for loop, pause, _ in lines) == [
        ("asyncio", "before"), ("asyncio", "none"), ("uvloop", "before"), ("uvloop", "none")], out
    assert all(int(rps) > 0 for *_, rps in lines), out


def test_votes(wrk: str, pg_server: str):
    # --baseline HEAD: the same service again from `git archive`, as a before/after run does.
    out = run("votes.py", "--duration", "1", "--connections", "4", "--baseline", "HEAD")
    results = json.loads(out.strip().splitlines()[-1])
    assert [r["server"] for r in results] == [
        "bare Starlette POST, 1 worker", "votes, SQLite, 1 worker @HEAD", "votes, SQLite, 1 worker",
        "votes, PostgreSQL, 2 workers @HEAD", "votes, PostgreSQL, 2 workers"]
    for r in results:
        assert r["errors"] == 0 and r["acked_per_s"] > 0 and r["cpu_ms_per_request"] > 0, r


def test_audience_build(tmp_path: Path):
    env = {**{k: v for k, v in os.environ.items() if k != "BASELINE_KB"}, "AUDIENCE_OUT": str(tmp_path)}
    proc = subprocess.run(["bash", str(BENCH / "audience_build.sh"), "20", "1"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    lines = [line for line in proc.stdout.splitlines() if " s rc=" in line]
    assert len(lines) == 3 and all(line.endswith("rc=0") for line in lines), proc.stdout
