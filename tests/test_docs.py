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


def test_every_api_route_is_in_the_api_reference(tmp_path):
    from feedback_api.app import create_app
    from feedback_api.settings import Settings
    from starlette.testclient import TestClient

    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text('{"version": 1, "build_id": "x", "pages": []}', encoding="utf-8")
    settings = Settings.from_env({"KB_ENV": "development", "KB_SITE_DIR": str(site),
                                      "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    with TestClient(create_app(settings)) as client:
        spec = client.get("/api/v1/openapi.json").json()
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = [path for path in spec["paths"] if path.replace("{id}", "") .rstrip("/") not in text.replace("{id}", "")]
    assert missing == []


def test_docs_site_builds(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "docs.mkdocs.yml"), site_dir=str(tmp_path / "docs-site"))
    build(config)
    assert (tmp_path / "docs-site" / "authoring" / "index.html").exists()
