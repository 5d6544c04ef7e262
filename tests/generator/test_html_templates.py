"""The HTML the generator writes comes from Jinja templates a site owner overrides like Material's
partials: a file of the same name in ``kb/`` under the theme's custom_dir wins, and values stay
escaped in the owner's template too."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.site.html import DEFAULTS, render

ROOT = Path(__file__).resolve().parents[2]


def test_a_template_in_the_theme_kb_folder_replaces_the_default(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "related.html").write_text('<nav class="mine">{{ heading }}: {{ items|length }}</nav>', encoding="utf-8")
    items = [("<b>A</b>", "a/")]
    assert render("related.html", str(tmp_path), items=items, heading="R&D") == '<nav class="mine">R&amp;D: 1</nav>'
    default = render("related.html", None, items=items, heading="R&D")
    assert default.startswith('<aside class="kb-related"') and "&lt;b&gt;A&lt;/b&gt;" in default
    # every default can be overridden the same way: they are plain files, one per piece of HTML
    assert {"related.html", "search_page.html", "redirect.html", "release_changes.html", "incident_index.html",
            "feed.atom.xml"} <= {p.name for p in DEFAULTS.iterdir()}


def test_site_owner_override_reaches_the_built_site(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "kb").mkdir(exist_ok=True)
    (theme / "kb" / "related.html").write_text(
        '<aside class="kb-related owner-related"><h2>{{ heading }}</h2><ol>{% for title, url in items %}'
        '<li><a href="{{ url }}">{{ title }}</a></li>{% endfor %}</ol></aside>', encoding="utf-8")
    (theme / "kb" / "redirect.html").write_text("<!doctype html><p>Moved: {{ title }} {{ url }}</p>", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'kb'}\ntheme:\n  custom_dir: {theme}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--config", str(config), "--site-dir", str(site), "-q", "--no-search-index"])
    assert result.exit_code == 0, result.output
    article = (site / "articles/gantt/set-a-baseline/index.html").read_text(encoding="utf-8")
    assert '<aside class="kb-related owner-related"><h2>Related articles</h2><ol>' in article
    assert "<p>Moved: " in (site / "permissions/403.html").read_text(encoding="utf-8")
