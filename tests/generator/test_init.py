"""`kb init DIR` starts a new help center that passes `kb check --strict` and builds, in either language."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content import load


def kb(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_new_help_center_checks_strict_and_builds(tmp_path, monkeypatch, lang):
    target = tmp_path / "acme-help"
    created = kb("init", str(target), "--lang", lang, "--name", "Acme Help")
    assert created.exit_code == 0, created.output

    content = load(target / "kb")
    kinds = sorted((p.type, p.category or "") for p in content.pages if p.type != "page")
    assert kinds == [("article", "faq"), ("article", "getting-started"), ("incident", ""), ("release", ""), ("runbook", "")]
    assert {p.lang for p in content.pages} == {lang}
    assert set(content.taxonomy.categories) == {"getting-started", "faq"} and content.taxonomy.tags
    assert (target / ".gitignore").read_text(encoding="utf-8").split() == ["site/", "var/"]

    monkeypatch.chdir(target)  # as a team would run it: from the new folder, with its mkdocs.yml
    checked = kb("check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings" in checked.output
    built = kb("build", "-q")
    assert built.exit_code == 0, built.output

    site = target / "site"
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert {p["type"] for p in manifest["pages"]} >= {"article", "runbook", "incident", "release"}
    for page in manifest["pages"]:
        assert (site / page["url"] / "index.html").exists(), page["url"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Acme Help</title>" in home and f'<html lang="{lang}"' in home


def test_init_never_writes_into_a_folder_in_use(tmp_path):
    target = tmp_path / "docs"
    target.mkdir()
    (target / "notes.md").write_text("mine", encoding="utf-8")
    result = kb("init", str(target))
    assert result.exit_code == 1 and "not empty" in result.output
    assert [p.name for p in target.iterdir()] == ["notes.md"]
