"""Hostile content files (tests/hostile/content/manifest.yml) through `kb check` and `kb build`.

Each case is copied into a small kb and run through the real CLI in a subprocess, as an author or CI
would: the exit status is the expected one, the problem is a `file:line: severity: message` diagnostic
in every output format, nothing prints a traceback or a raw control character, every run ends well
within a generous timeout, and a build leaves no helper process or temporary file behind. A build
that may succeed builds the rest of the site too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow  # about 90 CLI runs: five minutes on two busy cores with -n 2

CASES_DIR = Path(__file__).parent / "content"
CASES = yaml.safe_load((CASES_DIR / "manifest.yml").read_text(encoding="utf-8"))
PACKAGED_CONFIG = Path(__file__).resolve().parents[2] / "generator" / "mkdocs_plugin" / "default.yml"
TIMEOUT = 300  # seconds; a hostile page used to take many minutes or forever
RENDER_TIMEOUT = 5  # the build's time budget per page in these tests (the default is 10 s)
# Anything a terminal or CI log would act on; newlines separate lines and are fine.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

CATEGORIES = "tasks:\n  title: {en: Tasks, zh: 任务}\n  description: {en: Create and track work, zh: 创建和跟踪工作}\n  order: 1\n"
TAGS = "excel:\n  title: {en: Excel, zh: Excel}\n  synonyms: [xlsx]\n"
GOOD = """\
---
id: kb-good-{n}
title: Good page {n}
summary: A page that must still be built.
category: tasks
tags: [excel]
owner: support
lang: en
---

# Good page {n}

See [the other page](other.md).
"""


def _case_id(case: dict) -> str:
    return re.sub(r"[^\w.-]", "?", case.get("name") or case["file"])


def make_kb(root: Path, case: dict | None) -> str | None:
    """A small kb with two good pages and, if given, the case under articles/tasks/; its src path."""
    tasks = root / "articles" / "tasks"
    tasks.mkdir(parents=True)
    (root / "categories.yml").write_text(CATEGORIES, encoding="utf-8")
    (root / "tags.yml").write_text(TAGS, encoding="utf-8")
    (tasks / "create.md").write_text(GOOD.format(n=1), encoding="utf-8")
    (tasks / "other.md").write_text(GOOD.format(n=2).replace("other.md", "create.md"), encoding="utf-8")
    if case is None:
        return None
    name = case.get("name") or case["file"]
    dest = tasks / name
    if "symlink" in case:
        dest.symlink_to(case["symlink"])
    else:
        shutil.copyfile(CASES_DIR / case["file"], dest)
    return f"articles/tasks/{name}"


def run_kb(args: list[str], cwd: Path, tmp: Path) -> subprocess.CompletedProcess:
    """`kb ARGS` in its own process group with a private TMPDIR, so leftovers can be counted."""
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    env.pop("KB_PLUGIN_OPTIONS", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from generator.cli import main; main()", *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"kb {' '.join(args)} did not finish within {TIMEOUT} s")
    leftovers = _group_alive(proc.pid)
    if leftovers:
        os.killpg(proc.pid, signal.SIGKILL)
    assert not leftovers, f"kb {args[0]} left helper processes running"
    # jieba keeps its dictionary cache in the temp folder on purpose (reused by every build).
    left = sorted(p.name for p in tmp.iterdir() if p.name != "jieba.cache")
    assert not left, f"kb {args[0]} left temporary files: {left}"
    result = subprocess.CompletedProcess(args, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, stream[-3000:]
        bad = CONTROL.search(stream)
        assert bad is None, f"raw control character {bad.group()!r} in output: {stream[max(bad.start() - 200, 0):bad.start() + 50]!r}"
    return result


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _expected_line(src: str, expect: dict) -> str:
    return f"{src}:{expect['line']}: {expect['severity']}: "


def _diagnostic(text: str, src: str, expect: dict) -> str:
    """The line that reports the case's expected problem (path:line: severity: message [code])."""
    head = _expected_line(src, expect)
    for line in text.splitlines():
        if head in line and line.endswith(f"[{expect['code']}]"):
            assert expect.get("says", "") in line.split(head, 1)[1], "the message says what is wrong"
            assert len(line) < 600, "diagnostics quote values in bounded form"
            return line
    raise AssertionError(f"no '{head}... [{expect['code']}]' diagnostic in:\n{text[-4000:]}")


def _shown(src: str) -> str:
    """A path as the CLI prints it: control characters escaped."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", src)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_kb_check_reports_the_case(case, tmp_path):
    src = make_kb(tmp_path / "kb", case)
    expect = case["expect"]
    text = run_kb(["check", "--kb", "kb"], tmp_path, tmp_path / "tmp")
    if expect == "clean" or case.get("checked_by") == "build":
        assert text.returncode == 0, text.stdout
        assert src.rsplit("/", 1)[1] not in text.stdout, "a clean case must get no diagnostic"
        return
    assert text.returncode == (1 if expect["severity"] == "error" else 0), text.stdout + text.stderr
    _diagnostic(text.stdout, f"kb/{_shown(src)}", expect)
    if expect["severity"] == "warning":
        assert run_kb(["check", "--kb", "kb", "--strict"], tmp_path, tmp_path / "tmp").returncode == 1


def test_kb_check_json_and_github_formats_report_every_case(tmp_path):
    """All cases in one kb: each format names every case's problem at its line, printed inertly."""
    kb = tmp_path / "kb"
    make_kb(kb, None)
    expected = []
    for case in CASES:
        name = case.get("name") or case["file"]
        dest = kb / "articles" / "tasks" / name
        if "symlink" in case:
            dest.symlink_to(case["symlink"])
        else:
            shutil.copyfile(CASES_DIR / case["file"], dest)
        if case["expect"] != "clean" and case.get("checked_by") != "build":
            expected.append((f"articles/tasks/{name}", case["expect"]))

    items = json.loads(run_kb(["check", "--kb", "kb", "--format", "json"], tmp_path, tmp_path / "tmp").stdout)
    found = {(d["file"], d["line"], d["severity"], d["code"]) for d in items}
    for src, e in expected:
        assert (f"kb/{src}", e["line"], e["severity"], e["code"]) in found, src

    github = run_kb(["check", "--kb", "kb", "--format", "github"], tmp_path, tmp_path / "tmp").stdout.splitlines()
    for src, e in expected:
        head = f"::{e['severity']} file=kb/{_shown(src)},line={e['line']},title={e['code']}::"
        assert any(line.startswith(head) for line in github), head


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_kb_build_reports_the_case_and_builds_the_rest(case, tmp_path):
    kb = tmp_path / "kb"
    src = make_kb(kb, case)
    expect = case["expect"]
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        PACKAGED_CONFIG.read_text(encoding="utf-8").replace(
            "  - helpcenter:\n", f"  - helpcenter:\n      render_timeout: {RENDER_TIMEOUT}\n", 1
        ) + "docs_dir: kb\nsite_dir: site\n",
        encoding="utf-8",
    )
    result = run_kb(["build", "--today", "2026-11-01"], tmp_path, tmp_path / "tmp")
    site = tmp_path / "site"
    if expect != "clean":
        _diagnostic(result.stderr, _shown(src), expect)
    if expect != "clean" and expect["severity"] == "error":
        assert result.returncode == 1, result.stderr[-3000:]
        assert "error: build failed" in result.stderr
        return
    assert result.returncode == 0, result.stderr[-3000:]
    for good in ("create", "other"):
        assert (site / "articles" / "tasks" / good / "index.html").is_file(), "the rest of the site is built"
    page = site / "articles" / "tasks" / Path(src).stem / "index.html"
    html = page.read_text(encoding="utf-8")
    if expect != "clean":
        assert "This page could not be published" in html


def test_strict_build_stops_cleanly_on_a_page_too_deep_to_convert(tmp_path):
    """Without --strict such a page becomes a notice (above); with it the build stops, cleanly."""
    case = next(c for c in CASES if c["file"] == "deep-emphasis.md")
    src = make_kb(tmp_path / "kb", case)
    result = run_kb(["build", "--kb", "kb", "--strict", "--site-dir", "site"], tmp_path, tmp_path / "tmp")
    assert result.returncode == 1
    _diagnostic(result.stderr, src, case["expect"])
    assert "strict mode" in result.stderr


def test_nothing_outside_the_kb_is_published(tmp_path):
    """With content errors allowed to build (fail_on_errors: false), links and includes that reach
    outside the kb are still not published: no file: link, no /etc/passwd text, no symlinked file."""
    kb = tmp_path / "kb"
    make_kb(kb, None)
    outside = [c for c in CASES if c["expect"] != "clean" and c["expect"]["code"] in ("file-link", "link-outside", "include-outside")]
    for case in outside:
        if case.get("symlink") == "/":
            continue  # stops the build before MkDocs walks it: see the build test above
        dest = kb / "articles" / "tasks" / case["file"]
        if "symlink" in case:
            dest.symlink_to(case["symlink"])
        else:
            shutil.copyfile(CASES_DIR / case["file"], dest)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        PACKAGED_CONFIG.read_text(encoding="utf-8")
        .replace("  - helpcenter:\n", "  - helpcenter:\n      fail_on_errors: false\n", 1)
        .replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n", 1)
        + "docs_dir: kb\nsite_dir: site\n",
        encoding="utf-8",
    )
    result = run_kb(["build", "--today", "2026-11-01"], tmp_path, tmp_path / "tmp")
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    pages = list(site.rglob("*.html"))
    assert (site / "articles" / "tasks" / "file-url-link" / "index.html") in pages
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*file:""", html, re.I), page
        assert "../../../../etc/passwd" not in html, page
        assert passwd not in html, page
        assert "site_name:" not in html, page  # ../../mkdocs.yml
    assert not (site / "articles" / "tasks" / "symlink-etc-passwd").exists()
