"""Starting points for `kb new`, one Jinja2 template per content type."""

from __future__ import annotations

from pathlib import Path

import jinja2

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("page_templates")),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # Markdown, not HTML
)


def _yaml_str(value: object) -> str:
    import json

    return json.dumps(str(value), ensure_ascii=False)


_ENV.filters["q"] = _yaml_str


def render_template(content_type: str, **values: object) -> str:
    return _ENV.get_template(f"{content_type}.md.j2").render(**values)
