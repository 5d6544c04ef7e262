"""A hostile or broken build cache (`.kb-cache/<site>.sqlite`, generator/build/cache.py): whatever state
the file is in, `kb build` exits 0 without a traceback and writes the same site as a cold build; a
file from another version or one that does not decode is discarded whole and rebuilt."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KB = Path(sys.executable).parent / "kb"

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("bench_site_diff", ROOT / "bench" / "site_diff.py")
site_diff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site_diff)


def kb_build(kb: Path, site: Path, *extra: str) -> str:
    proc = subprocess.run([str(KB), "build", "--kb", str(kb), "--site-dir", str(site), "--today", "2026-12-01", *extra],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-4000:]
    return proc.stderr


def reused(log: str) -> int:
    m = re.search(r"build cache: (\d+) of (\d+) lookups reused", log)
    return int(m.group(1)) if m else 0


def other_version(cache: Path) -> None:
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE meta SET value = 'another kb' WHERE name = 'fingerprint'")


def not_a_database(cache: Path) -> None:
    cache.write_bytes(b"this is not a database\n" * 200)


def truncated(cache: Path) -> None:
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 3])


def entries_do_not_decode(cache: Path) -> None:
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE entries SET value = x'00112233'")


def entries_are_not_json(cache: Path) -> None:
    import zstandard

    with sqlite3.connect(cache) as conn:  # unpacks, but neither JSON nor UTF-8 text
        conn.execute("UPDATE entries SET value = ?", (zstandard.ZstdCompressor().compress(b"\x80\x04pickle?"),))


def tables_dropped(cache: Path) -> None:
    with sqlite3.connect(cache) as conn:
        conn.execute("DROP TABLE entries")


CASES = [other_version, not_a_database, truncated, entries_do_not_decode, entries_are_not_json, tables_dropped]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    kb = tmp_path_factory.mktemp("cache") / "kb"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--n", "8", "--out", str(kb)], check=True, capture_output=True)
    return kb


@pytest.fixture(scope="module")
def cold(corpus: Path, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("cold") / "site"
    kb_build(corpus, site, "--no-cache")
    assert not (site.parent / ".kb-cache").exists()
    return site


@pytest.mark.parametrize("damage", CASES, ids=lambda f: f.__name__)
def test_a_damaged_cache_costs_a_cold_build_never_a_wrong_site(damage, corpus: Path, cold: Path, tmp_path: Path):
    site = tmp_path / "site"
    cache = tmp_path / ".kb-cache" / "site.sqlite"
    kb_build(corpus, site)
    assert reused(kb_build(corpus, site)) > 0  # the cache works before it is damaged
    damage(cache)
    kb_build(corpus, site)
    assert site_diff.differences(site, cold) == []
    kb_build(corpus, site)  # discarded whole (at the latest by the build that found the damage) ...
    log = kb_build(corpus, site)  # ... and written again: reused once more
    assert reused(log) > 0, log[-2000:]
    assert site_diff.differences(site, cold) == []


def test_a_cache_that_cannot_be_written_is_a_warning(corpus: Path, cold: Path, tmp_path: Path):
    site = tmp_path / "site"
    log = kb_build(corpus, site, "--cache-dir", "/proc/no-such-folder/kb.sqlite")
    assert re.search(r"WARNING +build cache /proc/no-such-folder/kb.sqlite cannot be used", log), log[-2000:]
    assert site_diff.differences(site, cold) == []


def test_the_cache_is_beside_the_site_or_where_asked_and_safe_to_delete(corpus: Path, tmp_path: Path):
    site = tmp_path / "site"
    kb_build(corpus, site)
    assert (tmp_path / ".kb-cache" / "site.sqlite").is_file()
    shutil.rmtree(tmp_path / ".kb-cache")
    assert reused(kb_build(corpus, site)) == 0
    own = tmp_path / "ci" / "kb.sqlite"
    kb_build(corpus, site, "--cache-dir", str(own))
    assert reused(kb_build(corpus, site, "--cache-dir", str(own))) > 0


def test_the_internal_site_keeps_a_cache_file_of_its_own(corpus: Path, tmp_path: Path):
    # With internal pages `kb build` makes two sites; one shared file would be emptied by each build
    # in turn (a build drops the entries it did not use), so the second build would reuse nothing.
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    source = next(p for p in sorted(kb.rglob("*.md")) if "\nowner:" in p.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8").replace("\nowner:", "\naudience: internal\nowner:", 1)
    (source.parent / "staff-only.md").write_text(re.sub(r"\nid: [^\n]+", "\nid: kb-staffonly", text, count=1), encoding="utf-8")
    own = tmp_path / "ci" / "kb.sqlite"
    kb_build(kb, tmp_path / "site", "--cache-dir", str(own))
    assert own.is_file() and (own.parent / "kb-internal.sqlite").is_file()
    log = kb_build(kb, tmp_path / "site", "--cache-dir", str(own))
    counts = [(int(a), int(b)) for a, b in re.findall(r"build cache: (\d+) of (\d+) lookups reused", log)]
    assert len(counts) == 2 and all(hits == lookups > 0 for hits, lookups in counts), log[-3000:]
