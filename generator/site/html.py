"""The HTML the generator writes into pages and files, from Jinja templates a site owner can override.

The defaults live in ``generator/site/html_templates/``. A file of the same name in ``kb/`` under the
theme's ``custom_dir`` (``theme/kb/related.html`` for this repository) replaces one, as a file in
``custom_dir/partials/`` replaces one of Material's partials. Autoescape is on: every value is escaped
(with ``html.escape``, as the f-strings these templates replaced did) unless the generator passed it as
``Markup`` (HTML it built itself, such as rendered release entries).
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from .i18n import STRINGS, t
from .jinja_lookup import quiet_getattr

DEFAULTS = Path(__file__).with_name("html_templates")


def _escaped(value: object) -> object:
    return Markup(html.escape(value)) if isinstance(value, str) and not isinstance(value, Markup) else value


def _xml_escaped(value: object) -> object:
    # Feeds (*.xml): XML's escaping of text (&, <, >); attribute values go through |xml_attr.
    return Markup(xml_escape(value)) if isinstance(value, str) and not isinstance(value, Markup) else value


def xml_attr(value: str) -> Markup:
    return Markup(xml_escape(value, {'"': "&quot;"}))


def js_string(text: str) -> Markup:
    """A JavaScript string literal that cannot end the <script> element it sits in."""
    return Markup(json.dumps(text).replace("<", "\\u003c"))


def t_html(lang: str, key: str, **values: object) -> Markup:
    """A catalogue string with HTML values put in: ``t_html(lang, "changes_nojs", link=Markup('<a ...>'))``.
    The string and plain-text values are escaped, Markup values are not."""
    text = (STRINGS.get(lang) or STRINGS["en"]).get(key) or STRINGS["en"][key]
    return Markup(html.escape(text)).format(**values)


@functools.cache
def environment(template_dir: str | None = None, xml: bool = False) -> jinja2.Environment:
    """Templates from ``<template_dir>/kb/`` first (the site owner's), then the defaults."""
    loaders = [jinja2.FileSystemLoader(Path(template_dir) / "kb")] if template_dir else []
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(DEFAULTS)]),
        autoescape=True,
        finalize=_xml_escaped if xml else _escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["js_string"] = js_string
    env.filters["xml_attr"] = xml_attr
    env.globals["t"] = t
    env.globals["t_html"] = t_html
    return quiet_getattr(env)


def render(name: str, template_dir: str | None = None, **values: object) -> str:
    return environment(template_dir, name.endswith(".xml")).get_template(name).render(**values)
