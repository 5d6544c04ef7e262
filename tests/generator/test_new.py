"""`kb new` refuses mistakes before a file exists, and `kb check` refuses an unedited template."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "kb"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    return root


def kb_new(kb: Path, *args: str):
    result = CliRunner().invoke(main, ["new", *args, "--kb", str(kb)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def created(result) -> Path:
    m = re.search(r"created (\S+) \(id ", result.output)
    assert m, result.output
    return Path(m.group(1))


def files(kb: Path) -> set[str]:
    return {p.relative_to(kb).as_posix() for p in kb.rglob("*") if p.is_file()}


def test_unknown_category_is_refused_with_a_suggestion(kb):
    before = files(kb)
    result = kb_new(kb, "article", "Export a Gantt chart to PDF", "--category", "gant")
    assert result.exit_code == 1
    assert "unknown category 'gant'" in result.output and "did you mean 'gantt'?" in result.output
    assert files(kb) == before


def test_unknown_translation_target_is_refused_with_a_suggestion(kb):
    original = kb / "articles" / "gantt" / "set-a-baseline.md"
    real_id = re.search(r"^id: (\S+)", original.read_text(encoding="utf-8"), re.M).group(1)
    before = files(kb)
    result = kb_new(kb, "article", "设置基线", "--lang", "zh", "--translation-of", real_id[:-1] + "x")
    assert result.exit_code == 1
    assert f"did you mean '{real_id}'" in result.output and "articles/gantt/set-a-baseline.md" in result.output
    assert files(kb) == before


def test_a_translation_takes_its_originals_file_name_and_category(kb):
    original = kb / "articles" / "gantt" / "critical-path.md"
    real_id = re.search(r"^id: (\S+)", original.read_text(encoding="utf-8"), re.M).group(1)
    result = kb_new(kb, "article", "关键路径", "--lang", "zh", "--translation-of", real_id)
    assert result.exit_code == 0, result.output
    path = created(result)
    assert path.relative_to(kb).as_posix() == "articles/gantt/zh/critical-path.md"
    assert f"translation_of: {real_id}" in path.read_text(encoding="utf-8")


def test_chinese_title_gets_a_readable_stable_name_and_never_collides(kb):
    first = kb_new(kb, "article", "导出甘特图为 PDF", "--category", "gantt", "--lang", "zh")
    assert first.exit_code == 0, first.output
    path = created(first)
    assert path.name == "dao-chu-gan-te-tu-wei-pdf.md"
    text = path.read_text(encoding="utf-8")

    again = kb_new(kb, "article", "导出甘特图为 PDF", "--category", "gantt", "--lang", "zh")
    assert again.exit_code == 1
    assert "already exists" in again.output and "--slug" in again.output
    assert path.read_text(encoding="utf-8") == text  # the first page is untouched

    other = kb_new(kb, "article", "导出甘特图为 PDF", "--category", "gantt", "--lang", "zh", "--slug", "export-to-pdf")
    assert other.exit_code == 0, other.output
    assert created(other).relative_to(kb).as_posix() == "articles/gantt/zh/export-to-pdf.md"


def test_bad_slug_is_refused(kb):
    result = kb_new(kb, "article", "Export", "--category", "gantt", "--slug", "../../etc/x")
    assert result.exit_code == 1 and "--slug" in result.output


NEW_PAGES = [
    ("article", "Export a Gantt chart to PDF", "--category", "gantt"),
    ("article", "导出甘特图为 PDF", "--category", "gantt", "--lang", "zh"),
    ("runbook", "Disk almost full", "--service", "api"),
    ("incident", "SAML login outage"),
]


@pytest.mark.parametrize("args", NEW_PAGES, ids=lambda a: f"{a[0]}-{a[-1]}")
def test_unedited_template_fails_check_on_each_placeholder_line(kb, args):
    path = created(kb_new(kb, *args))
    lines = path.read_text(encoding="utf-8").split("\n")
    owner_line = lines.index("owner: TODO") + 1
    result = CliRunner().invoke(main, ["check", "--kb", str(kb)])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith(path.as_posix() + ":")]
    assert f"{path.as_posix()}:{owner_line}: error: owner is still 'TODO'; write who keeps this page correct [placeholder]" in problems
    placeholder_lines = [n for n, line in enumerate(lines, 1) if "placeholder text from the template" in "".join(
        p for p in problems if p.startswith(f"{path.as_posix()}:{n}:"))]
    # every body line the template filled in is named, and nothing else is
    body_start = lines.index("---", 1) + 1
    template_lines = [n for n, line in enumerate(lines, 1) if n > body_start and re.search(
        r"(Say in|Describe|Explain|What the alert|Who is affected|Commands and|Steps that|Who to page|一句话|描述第)", line)]
    assert placeholder_lines == template_lines and template_lines


def test_edited_page_passes_strict_check(kb):
    path = created(kb_new(kb, "article", "Export a Gantt chart to PDF", "--category", "gantt", "--owner", "li.wei"))
    text = path.read_text(encoding="utf-8")
    text = text.replace('summary: ""', "summary: Print or share a chart as a PDF file.")
    text = text.replace("Say in one sentence what this article helps with.", "Share a chart with people outside Tasklane.")
    text = text.replace("Describe the first step.", "Open the chart.").replace("Describe the second step.", "Choose **Export > PDF**.")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--kb", str(kb), "--strict"])
    assert result.exit_code == 0, result.output
