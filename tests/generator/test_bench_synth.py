"""bench/synth.py makes a valid help center that `kb build` turns into one flat-navigation page per article."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KB = Path(sys.executable).parent / "kb"
TODAY = dt.date(2026, 11, 23)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synth():
    return _load("synth")


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory, synth):
    root = tmp_path_factory.mktemp("synth") / "kb"
    info = synth.generate(root, 60, seed=7, today=TODAY)
    return root, info


def _kb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    cmd = [str(KB)] if KB.exists() else [sys.executable, "-m", "generator.cli"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_deterministic_and_links_resolve(tmp_path, synth, small_kb):
    root, info = small_kb
    again = tmp_path / "again"
    synth.generate(again, 60, seed=7, today=TODAY)
    for rel in info["paths"]:
        assert (root / rel).read_bytes() == (again / rel).read_bytes(), rel
    assert synth.verify(root) == []
    assert 15 <= info["zh"] <= 25  # about a third Chinese
    zh = [rel for rel in info["paths"] if "/zh/" in rel]
    assert zh and re.search(r"[\u4e00-\u9fff]{8}", (root / zh[0]).read_text(encoding="utf-8"))


def test_kb_check_passes(small_kb, tmp_path):
    root, _ = small_kb
    res = _kb("check", "--kb", str(root), "--today", TODAY.isoformat(), cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 errors" in res.stderr


def test_build_gives_one_page_per_article_with_flat_nav(small_kb, tmp_path):
    root, info = small_kb
    site = tmp_path / "site"
    res = _kb("build", "--kb", str(root), "--site-dir", str(site), "--no-search-index", "-q", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    for rel in info["paths"]:
        assert (site / rel[: -len(".md")] / "index.html").is_file(), rel
    pages = sorted((site / "articles").rglob("index.html"))
    assert len(pages) == len(info["paths"])
    sample = pages[len(pages) // 2]
    html = sample.read_text(encoding="utf-8")
    start = html.index("md-sidebar--primary")
    nav = html[start : html.index("md-sidebar--secondary", start)]
    article_links = [h for h in re.findall(r'href="([^"]+)"', nav) if "articles/" in h]
    assert article_links == [], f"the navigation lists articles: {article_links[:5]}"
