"""`kb build` converts Markdown in several processes; the site must not tell the difference."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def kb_build(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def helper_share(output: str) -> int:
    m = re.search(r"helper processes rendered (\d+) of (\d+) pages", output)
    assert m, output[-2000:]
    return int(m.group(1))


def test_sample_help_center_is_byte_identical_in_one_or_two_processes(tmp_path):
    common = ["--kb", str(ROOT / "kb"), "--config", str(ROOT / "mkdocs.yml"), "--today", "2026-11-23", "--no-search-index"]
    one = kb_build(*common, "--site-dir", str(tmp_path / "one"), "-j", "1")
    two = kb_build(*common, "--site-dir", str(tmp_path / "two"), "-j", "2")
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert "helper processes" not in one.output
    assert helper_share(two.output) > 0, "the second process rendered nothing"
    a, b = pages(tmp_path / "one"), pages(tmp_path / "two")
    assert a.keys() == b.keys() and len(a) > 100
    assert [k for k in a if a[k] != b[k]] == []


def test_link_warnings_from_helper_processes_are_reported_and_count_in_strict_mode(tmp_path):
    src = tmp_path / "content"
    src.mkdir()
    for i in range(1, 41):
        (src / f"p{i}.md").write_text(f"# Page {i}\n\nSee [the other page](missing-{i}.md).\n", encoding="utf-8")
    out = {}
    for jobs in ("1", "2"):
        r = kb_build("--kb", str(src), "--type", "article", "--site-dir", str(tmp_path / f"site{jobs}"), "--strict",
                     "--no-search-index", "--static-search", "none", "-j", jobs)
        assert r.exit_code != 0
        out[jobs] = r.output
    assert helper_share(out["2"]) > 0
    counts = {j: re.search(r"Aborted with (\d+) warnings in strict mode", o).group(1) for j, o in out.items()}
    assert counts["1"] == counts["2"], counts
    # MkDocs' own link warning, emitted while rendering, reaches the log exactly once per page either way
    for o in out.values():
        shown = len(set(re.findall(r"Doc file '(p\d+)\.md' contains a link", o)))
        shown_lines = len(re.findall(r"Doc file 'p\d+\.md' contains a link", o))
        more = re.search(r"(\d+) more warnings like: Doc file", o)
        assert shown == shown_lines
        assert shown + (int(more.group(1)) if more else 0) == 40, o[-3000:]


def test_jobs_must_be_positive():
    r = kb_build("--kb", str(ROOT / "kb"), "-j", "0")
    assert r.exit_code == 2 and "-j" in r.output


def test_parallel_rendering_refuses_an_engine_it_was_not_written_for():
    from generator.mkdocs_plugin import engine
    from generator.mkdocs_plugin.parallel_render import WAY_OUT

    assert engine.unsupported("x", WAY_OUT) is None  # the installed engine
    assert engine.unsupported("x", WAY_OUT, "properdocs", "1.6.7") is None
    for name, version in (("mkdocs", "1.7.0"), ("mkdocs", "2.0.0a1"), ("properdocs", "1.7.1"), ("zensical", "0.1.1")):
        message = engine.unsupported("parallel Markdown rendering", WAY_OUT, name, version)
        assert message and f"{name} {version}" in message and "kb build -j 1" in message
