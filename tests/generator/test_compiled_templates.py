"""Jinja's compiled templates kept in the build cache (build_cache.CompiledTemplates): the next build
renders from them, and a template whose source changed is compiled again, never rendered stale."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.build.cache import BuildCache
from generator.mkdocs_plugin.build_cache import CompiledTemplates


class CountingEnvironment(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):
        self.compiled += 1
        return super().compile(*args, **kwargs)


def render(folder: Path, cache_file: Path, **context) -> tuple[str, int]:
    """One build: its own cache connection and Jinja environment, as `kb build` makes them; the
    HTML and how many templates it compiled."""
    cache = BuildCache(cache_file, "code").open()
    env = CountingEnvironment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=CompiledTemplates(cache), autoescape=True)
    html = env.get_template("page.html").render(**context)
    cache.close(prune=True)
    return html, env.compiled


def test_the_next_build_renders_from_the_compiled_template(tmp_path: Path):
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    cache_file = tmp_path / "cache.sqlite"
    assert render(tmp_path, cache_file, title="<b>One</b>") == ("<h1>&lt;b&gt;One&lt;/b&gt;</h1>", 1)
    assert render(tmp_path, cache_file, title="Two") == ("<h1>Two</h1>", 0)


def test_an_edited_template_is_compiled_again(tmp_path: Path):
    template = tmp_path / "page.html"
    cache_file = tmp_path / "cache.sqlite"
    template.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    render(tmp_path, cache_file, title="x")
    template.write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert render(tmp_path, cache_file, title="x") == ("<h2>x</h2>", 1)
    assert render(tmp_path, cache_file, title="y") == ("<h2>y</h2>", 0)  # the new one is what is kept
