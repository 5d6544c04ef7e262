"""`kb init DIR` starts a new help center that passes `kb check --strict` and builds, in either language."""

from __future__ import annotations

import json
import subprocess

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

    monkeypatch.chdir(target)  # as a team would run it: from the new folder, with its mkdocs.yml
    checked = kb("check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings" in checked.output
    built = kb("build", "-q")
    assert built.exit_code == 0, built.output
    # what the build wrote (both sites, the build cache) stays out of the team's git
    subprocess.run(["git", "init", "-q"], check=True)
    untracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], capture_output=True, text=True,
                               check=True).stdout.split("\n")
    assert {line.split()[-1].split("/")[0] for line in untracked if line} <= {".gitignore", "kb", "mkdocs.yml"}, untracked
    assert (target / ".kb-cache").is_dir()

    for site in (target / "site", target / "site-internal"):  # the runbook is internal: staff only
        manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
        for page in manifest["pages"]:
            assert (site / page["url"] / "index.html").exists(), page["url"]
        assert {p["type"] for p in manifest["pages"]} >= {"article", "incident", "release"}
        assert ("runbook" in {p["type"] for p in manifest["pages"]}) == site.name.endswith("internal")
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Acme Help</title>" in home and f'<html lang="{lang}"' in home


def test_init_never_writes_into_a_folder_in_use(tmp_path):
    target = tmp_path / "docs"
    target.mkdir()
    (target / "notes.md").write_text("mine", encoding="utf-8")
    result = kb("init", str(target))
    assert result.exit_code == 1 and "not empty" in result.output
    assert [p.name for p in target.iterdir()] == ["notes.md"]


def test_a_chinese_first_help_center_serves_chinese_at_the_root_and_english_under_en(tmp_path, monkeypatch):
    target = tmp_path / "acme-help"
    assert kb("init", str(target), "--lang", "zh").exit_code == 0
    zh_article = target / "kb" / "articles" / "getting-started" / "first-steps.md"
    article_id = next(line.split()[1] for line in zh_article.read_text(encoding="utf-8").splitlines() if line.startswith("id:"))
    (target / "kb" / "articles" / "getting-started" / "en").mkdir()
    (target / "kb" / "articles" / "getting-started" / "en" / "first-steps.md").write_text(
        f"---\nid: kb-firststepsen\ntitle: First steps\nsummary: Five minutes to start.\nowner: docs-team\nlang: en\n"
        f"category: getting-started\ntranslation_of: {article_id}\n---\n\n"
        "Sign in, set up your profile and find your way around.\n", encoding="utf-8")
    monkeypatch.chdir(target)
    built = kb("build", "-q")
    assert built.exit_code == 0, built.output

    site = target / "site"
    root, en_home = (site / "index.html").read_text(encoding="utf-8"), (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in root and "按分类浏览" in root
    assert '<html lang="en"' in en_home and "Browse by category" in en_home
    assert 'action="search/"' in en_home and 'action="../search/"' not in en_home  # English search, also without JavaScript
    assert (site / "en" / "categories" / "getting-started" / "index.html").exists()
    # The switch and the head pair the two homes; the English 404 page lives under /en/.
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/"' in root and 'hreflang="x-default" href="http://127.0.0.1:8000/"' in root
    assert '<html lang="en"' in (site / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in (site / "404.html").read_text(encoding="utf-8")


def test_the_default_language_must_be_one_of_the_languages(tmp_path, monkeypatch):
    target = tmp_path / "acme-help"
    assert kb("init", str(target), "--lang", "zh").exit_code == 0
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [en]"), encoding="utf-8")
    monkeypatch.chdir(target)
    built = kb("build", "-q")
    assert built.exit_code != 0 and "default_lang 'zh' is not one of languages ['en']" in built.output


def test_a_home_in_another_language_than_its_place_stops_the_build(tmp_path, monkeypatch):
    """An English index.md under `default_lang: zh` (as the sample kb/ would be) would serve English at /."""
    target = tmp_path / "acme-help"
    assert kb("init", str(target), "--lang", "zh").exit_code == 0
    home = target / "kb" / "index.md"
    lines = home.read_text(encoding="utf-8").splitlines()
    lang_line = next(n for n, line in enumerate(lines, 1) if line.startswith("lang:"))
    home.write_text(home.read_text(encoding="utf-8").replace("lang: zh", "lang: en"), encoding="utf-8")
    monkeypatch.chdir(target)
    checked = kb("check")
    assert checked.exit_code != 0
    assert f"index.md:{lang_line}: " in checked.output and "move it to en/index.md" in checked.output
    built = kb("build", "-q")
    assert built.exit_code != 0 and not (target / "site" / "index.html").exists()
