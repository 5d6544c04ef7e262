"""docs/ stays true: every command, plugin option, front-matter key and API route is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_cli_reference_is_current():
    from generator.cli.reference import render

    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current.strip() == render().strip(), "run: .venv/bin/python -m generator.cli.reference > docs/cli.md"


def test_every_plugin_option_is_documented():
    from generator.mkdocs_plugin.config import HelpCenterConfig

    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name, _ in HelpCenterConfig._schema if f"`{name}`" not in text]
    assert missing == []


@pytest.mark.parametrize("content_type", ["article", "runbook", "incident", "release"])
def test_every_front_matter_key_is_documented(content_type):
    from generator.content.schema import SCHEMAS

    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    missing = [key for key in SCHEMAS[content_type].model_fields if f"`{key}`" not in text]
    assert missing == []


def test_api_route_index_is_current():
    from feedback_api.api_reference import DOC, refreshed

    current = DOC.read_text(encoding="utf-8")
    assert current == refreshed(current), "run: .venv/bin/python -m feedback_api.api_reference --write"


def test_docs_site_builds(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "docs.mkdocs.yml"), site_dir=str(tmp_path / "docs-site"))
    build(config)
    assert (tmp_path / "docs-site" / "authoring" / "index.html").exists()
