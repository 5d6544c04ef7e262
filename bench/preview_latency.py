"""How long an edit takes to show in `kb preview`: ``python bench/preview_latency.py --size 5000``.

Generates (or reuses) ``<out>/kb-<size>`` with bench/synth.py, starts ``kb preview`` on a free port,
waits for the first build, then ``--repeat`` times appends a unique marker sentence to one article
and polls that article's URL until the marker is served. Reports the seconds from the file write to
the marker being served, with a breakdown taken from the preview's own log lines (change detected,
rebuild started, browsers reloaded). The article is restored afterwards.

``--profile`` additionally runs the same rebuild in-process under pyinstrument (``pip install
pyinstrument`` into the venv; not a project dependency) and writes the report to
``<out>/preview-profile-<size>.txt``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

BIN = Path(sys.executable).parent
KB = BIN / "kb" if (BIN / "kb").exists() else ROOT / ".venv" / "bin" / "kb"
TARGET_S = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url_of(rel: str) -> str:
    return rel[: -len(".md")] + "/"


def fetch(url: str, timeout: float = 30) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


class LogTail:
    """Read the preview's stderr in a thread, timestamping each line."""

    def __init__(self, stream, path: Path):
        self.lines: list[tuple[float, str]] = []
        self._file = path.open("w", encoding="utf-8")
        self._thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self._thread.start()

    def _run(self, stream) -> None:
        for raw in stream:
            now = time.perf_counter()
            line = raw.rstrip("\n")
            self.lines.append((now, line))
            self._file.write(f"{now:.3f} {line}\n")
            self._file.flush()

    def first_after(self, t0: float, needle: str) -> float | None:
        for t, line in list(self.lines):
            if t >= t0 and needle in line:
                return t
        return None


def measure(size: int, out: Path, repeat: int, seed: int, first_build_timeout: float) -> dict:
    kb_dir = out / f"kb-{size}"
    info, reused = synth.reuse_or_generate(kb_dir, size, seed)
    print(f"{'reused' if reused else 'generated'} {kb_dir}", flush=True)
    rel = info["paths"][size // 2]
    article = kb_dir / rel
    original = article.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cmd = [str(KB), "preview", "--kb", str(kb_dir), "--dev-addr", f"127.0.0.1:{port}"]
    print(" ".join(cmd), flush=True)
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=out, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    tail = LogTail(proc.stderr, out / f"preview-log-{size}.txt")
    trials = []
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"kb preview exited with {proc.returncode}; see {out / f'preview-log-{size}.txt'}")
            if time.perf_counter() - t_start > first_build_timeout:
                raise SystemExit("the first preview build did not finish in time")
            if fetch(base + url_of(rel), timeout=5) is not None:
                break
            time.sleep(0.5)
        first_build = time.perf_counter() - t_start
        print(f"first build served after {first_build:.1f} s", flush=True)
        time.sleep(3)  # let the file watcher take its first snapshot quietly
        for n in range(1, repeat + 1):
            marker = f"Benchmark marker {uuid.uuid4().hex}"
            text = article.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{marker}.\n"
            article.write_text(text, encoding="utf-8")
            t0 = time.perf_counter()
            served = None
            while time.perf_counter() - t0 < 600:
                body = fetch(base + url_of(rel), timeout=600)
                if body is not None and marker in body:
                    served = time.perf_counter()
                    break
                time.sleep(0.05)
            if served is None:
                raise SystemExit("the marker never appeared")
            trial = {
                "trial": n,
                "seconds": round(served - t0, 2),
                "detected_after": _rel(tail.first_after(t0, "Detected file changes"), t0),
                "build_started_after": _rel(tail.first_after(t0, "Building documentation"), t0),
                "reloaded_after": _rel(tail.first_after(t0, "Reloading browsers"), t0),
            }
            trials.append(trial)
            print(json.dumps(trial), flush=True)
            time.sleep(2)
    finally:
        article.write_text(original, encoding="utf-8")
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    secs = [t["seconds"] for t in trials]
    result = {"size": size, "article": rel, "first_build_s": round(first_build, 1), "trials": trials,
              "max_s": max(secs), "target_s": TARGET_S, "meets_target": max(secs) <= TARGET_S}
    (out / f"preview-{size}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def _rel(t: float | None, t0: float) -> float | None:
    return round(t - t0, 2) if t is not None else None


def profile_rebuild(size: int, out: Path, seed: int) -> Path:
    """One preview-style rebuild (dirty, no whoosh index) of an edited article, under pyinstrument."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from pyinstrument import Profiler

    from generator.cli.build import _overrides, _setup_logging

    kb_dir = out / f"kb-{size}"
    info, _ = synth.reuse_or_generate(kb_dir, size, seed)
    site = out / f"site-preview-profile-{size}"
    cfg_file = ROOT / "generator" / "mkdocs_plugin" / "default.yml"
    _setup_logging(True)
    _overrides(None, None, False, None)  # what `kb preview` sets: no whoosh index

    def config():
        cfg = load_config(config_file=str(cfg_file), docs_dir=str(kb_dir.resolve()), site_dir=str(site), site_name="Kb")
        cfg.site_url = "http://127.0.0.1:8000/"
        return cfg

    cfg = config()
    cfg.plugins.on_startup(command="serve", dirty=True)
    t0 = time.perf_counter()
    build(cfg, serve_url="http://127.0.0.1:8000/", dirty=True)
    print(f"first (dirty) build: {time.perf_counter() - t0:.1f} s", flush=True)
    article = kb_dir / info["paths"][size // 2]
    original = article.read_text(encoding="utf-8")
    try:
        time.sleep(1.1)
        article.write_text(original + "\n\nProfiler marker.\n", encoding="utf-8")
        profiler = Profiler(interval=0.002)
        profiler.start()
        t0 = time.perf_counter()
        build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)  # serve() reloads the config every time
        elapsed = time.perf_counter() - t0
        profiler.stop()
    finally:
        article.write_text(original, encoding="utf-8")
    report = out / f"preview-profile-{size}.txt"
    report.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    profiler.last_session.save(str(out / f"preview-profile-{size}.pyisession"))  # pyinstrument --load FILE -r text --show-all
    events = {}
    for path, secs in _event_times(profiler.last_session.root_frame()).items():
        events[path] = round(secs, 2)
    (out / f"preview-profile-{size}.json").write_text(json.dumps({"rebuild_s": round(elapsed, 2), "events": events}, indent=1), encoding="utf-8")
    for name, secs in sorted(events.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {secs:7.2f} s  {name}")
    print(f"rebuild after one edit: {elapsed:.1f} s; profile in {report}", flush=True)
    return report


def _event_times(root) -> dict[str, float]:
    """Seconds per plugin event handler and per MkDocs build step (function name, file) in a pyinstrument tree."""
    out: dict[str, float] = {}
    wanted = ("on_", "_populate_page", "_build_page", "get_navigation", "get_files", "_build_theme_template",
              "copy_static_files", "validate_anchor_links", "render", "convert")

    def walk(frame, inside: set[str]) -> None:
        name = frame.function or ""
        key = f"{name} ({Path(frame.file_path or '').name})"
        interesting = name.startswith(wanted) and "site-packages/mkdocs/plugins.py" not in (frame.file_path or "")
        if interesting and key not in inside:
            out[key] = out.get(key, 0.0) + frame.time
            inside = inside | {key}
        for child in frame.children:
            walk(child, inside)

    if root is not None:
        walk(root, set())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=5000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first-build-timeout", type=float, default=1800)
    ap.add_argument("--profile", action="store_true", help="also profile one rebuild in-process (needs pyinstrument)")
    ap.add_argument("--profile-only", action="store_true", help="only the in-process profile")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not args.profile_only:
        res = measure(args.size, out, args.repeat, args.seed, args.first_build_timeout)
        print(f"\n{args.size:,} articles: edit → served in " + ", ".join(f"{t['seconds']:.1f} s" for t in res["trials"])
              + f" (target {TARGET_S:.0f} s: {'met' if res['meets_target'] else 'NOT met'}); first build {res['first_build_s']} s")
    if args.profile or args.profile_only:
        profile_rebuild(args.size, out, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
