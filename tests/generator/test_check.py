"""`kb check` catches each kind of content error with a message that says where and what to fix."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

CATEGORIES = """\
tasks:
  title: {en: Tasks, zh: 任务}
  description: {en: Create and track work, zh: 创建和跟踪工作}
  order: 1
"""
TAGS = """\
excel:
  title: {en: Excel, zh: Excel}
  synonyms: [xlsx, spreadsheet]
"""

GOOD = """\
---
id: kb-aaaaaaaa
title: Create a task
summary: Make a task.
category: tasks
tags: [excel]
owner: support
reviewed: 2026-10-01
review_every: 180
lang: en
---

# Create a task

## Steps

See [the other one](other.md#import-a-file).
"""

OTHER = """\
---
id: kb-bbbbbbbb
title: Import
summary: Import rows.
category: tasks
tags: [xlsx]
owner: support
reviewed: 2026-10-01
review_every: 180
lang: en
---

# Import

## Import a file

Text.
"""


def make_kb(tmp_path: Path, **files: str) -> Path:
    root = tmp_path / "kb"
    (root / "articles" / "tasks").mkdir(parents=True)
    (root / "categories.yml").write_text(CATEGORIES, encoding="utf-8")
    (root / "tags.yml").write_text(TAGS, encoding="utf-8")
    defaults = {"articles/tasks/create.md": GOOD, "articles/tasks/other.md": OTHER}
    defaults.update({k.replace("__", "/"): v for k, v in files.items()})
    for rel, text in defaults.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run_check(root: Path, *args: str):
    result = CliRunner().invoke(main, ["check", "--kb", str(root), "--today", "2026-11-23", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_clean_kb_passes(tmp_path):
    result = run_check(make_kb(tmp_path), "--strict")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


@pytest.mark.parametrize(
    "replace, expected",
    [
        (("category: tasks", "category: taks"), "create.md:5: error: unknown category 'taks' (declare it in categories.yml; did you mean 'tasks'?) [unknown-category]"),
        (("tags: [excel]", "tags: [exel]"), "create.md:6: error: unknown tag 'exel' (declare it in tags.yml; did you mean 'excel'?) [unknown-tag]"),
        (("reviewed: 2026-10-01", "reviewed: last week"), "create.md:8: error: front matter 'reviewed': expected a date like 2026-03-31 (got 'last week') [front-matter]"),
        (("lang: en", "lang: fr"), "create.md:10: error: front matter 'lang': must be 'en' or 'zh' (got 'fr') [front-matter]"),
        (("id: kb-aaaaaaaa", "id: kb-bbbbbbbb"), "other.md:2: error: id 'kb-bbbbbbbb' is already used by articles/tasks/create.md; ids must be unique (run 'kb new' for a fresh one) [duplicate-id]"),
        (("other.md#import-a-file", "missing.md"), "create.md:17: error: link to 'missing.md' does not resolve: there is no articles/tasks/missing.md [broken-link]"),
        (("other.md#import-a-file", "other.md#nope"), "create.md:17: error: link to 'other.md#nope': articles/tasks/other.md has no heading with anchor '#nope' (anchors there: #import, #import-a-file) [broken-anchor]"),
        (("owner: support\n", ""), "create.md:1: error: missing required key 'owner' [front-matter]"),
        (("title: Create a task", "title: [Create"), "create.md:3: error: front matter is not valid YAML"),
        (("review_every: 180", "review_evry: 180"), "create.md:9: warning: unknown front-matter key 'review_evry'; did you mean 'review_every'? [unknown-key]"),
    ],
)
def test_each_error_names_file_line_and_fix(tmp_path, replace, expected):
    old, new = replace
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run_check(root, "--strict")
    assert result.exit_code == 1
    assert expected in result.output.replace(str(root) + "/articles/tasks/", ""), result.output


def test_stale_article_is_a_warning_and_strict_makes_it_fail(tmp_path):
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    target.write_text(target.read_text(encoding="utf-8").replace("reviewed: 2026-10-01", "reviewed: 2025-01-02"), encoding="utf-8")
    lenient = run_check(root)
    assert lenient.exit_code == 0
    assert "create.md:8: warning: article was last reviewed on 2025-01-02 and was due for review on 2025-07-01 [stale]" in lenient.output
    assert run_check(root, "--strict").exit_code == 1


def test_json_format_for_ci(tmp_path):
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    target.write_text(target.read_text(encoding="utf-8").replace("tags: [excel]", "tags: [nope]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--kb", str(root), "--today", "2026-11-23", "--format", "json"])
    problems = json.loads(result.stdout)
    assert problems == [{
        "file": f"{root.as_posix()}/articles/tasks/create.md", "line": 6, "severity": "error",
        "code": "unknown-tag", "message": "unknown tag 'nope' (declare it in tags.yml)",
    }]


def test_translation_must_exist_and_be_in_the_other_language(tmp_path):
    zh = GOOD.replace("kb-aaaaaaaa", "kb-cccccccc").replace("lang: en", "lang: zh\ntranslation_of: kb-zzzzzzzz")
    root = make_kb(tmp_path, **{"articles__tasks__zh__create.md": zh})
    result = run_check(root)
    assert "zh/create.md:11: error: translation_of 'kb-zzzzzzzz' is not the id of any page [translation]" in result.output


def test_unclosed_front_matter(tmp_path):
    root = make_kb(tmp_path, **{"articles__tasks__broken.md": "---\nid: kb-dddddddd\ntitle: x\n\n# Body\n"})
    result = run_check(root)
    assert "broken.md:1: error: front matter opened with '---' on line 1 is never closed; add a '---' line after it" in result.output
