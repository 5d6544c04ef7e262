"""Starting points for `kb new`, one Jinja2 template per content type.

Text the author must replace is written ``{{ todo("...") }}`` in the templates; `kb check` reads the
same templates (``placeholders``) to report any such text still on a page, so the two cannot drift.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2

# Written for `owner:` when `kb new` is not given --owner; `kb check` refuses it.
OWNER_PLACEHOLDER = "TODO"

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("page_templates")),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # Markdown, not HTML
)


def yaml_string(value: object) -> str:
    """A quoted YAML scalar for any text (a JSON string is valid YAML): titles with ':' or '#' stay text."""
    return json.dumps(str(value), ensure_ascii=False)


_ENV.filters["q"] = yaml_string
_ENV.globals["todo"] = lambda text: text


def render_template(content_type: str, **values: object) -> str:
    return _ENV.get_template(f"{content_type}.md.j2").render(**values)


@functools.cache
def placeholders(content_type: str) -> frozenset[str]:
    """Every ``todo(...)`` text of a type's template, in both languages ('' for types without one)."""
    try:
        template = _ENV.get_template(f"{content_type}.md.j2")
    except jinja2.TemplateNotFound:
        return frozenset()
    found: set[str] = set()

    def collect(text: str) -> str:
        found.add(text)
        return text

    for lang in ("en", "zh"):
        template.render(
            todo=collect, id="x", title="x", lang=lang, category="x", owner="x", service="x", alert="x", version="1.0.0",
            translation_of=None, today="2000-01-01", now="2000-01-01T00:00:00Z",
        )
    return frozenset(found)
