"""theme/partials/feedback.html rendered alone with Jinja (fast; no MkDocs build, no browser)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from generator.site.i18n import STRINGS

THEME = Path(__file__).resolve().parents[2] / "theme"
REASONS = ["outdated", "unclear", "incomplete", "did-not-solve", "other"]


def render(kb=None, meta=None, api_url="/api/v1") -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME)), autoescape=True)
    page = type("Page", (), {"meta": meta or {}})()
    config = {"extra": {"kb": {"api_url": api_url}, "analytics": {"feedback": {"title": "x"}}}}
    return env.get_template("partials/feedback.html").render(kb=kb, page=page, config=config)


def kb(lang="en", id="kb-abc12345"):
    return {"id": id, "lang": lang, "strings": STRINGS[lang], "api_url": "/api/v1"}


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.form: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "form":
            self.form = attrs


def test_widget_carries_the_page_id_api_and_language():
    html = render(kb(), api_url="https://help.example.com/api/v1")
    parser = Ids()
    parser.feed(html)
    form = parser.form
    assert form["data-kb-page-id"] == "kb-abc12345"
    assert form["data-kb-api"] == "https://help.example.com/api/v1"
    assert form["data-kb-lang"] == form["lang"] == "en"
    assert "hidden" in form  # feedback.js shows it once bound; without JavaScript it stays hidden
    assert json.loads(form["data-kb-strings"])["thanks"] == STRINGS["en"]["feedback_thanks"]
    assert re.findall(r'name="reason" value="([^"]+)"', html) == REASONS
    assert 'maxlength="2000"' in html and "<legend" in html and 'aria-live="polite"' in html
    assert len(parser.ids) == len(set(parser.ids))
    for target in re.findall(r'(?:for|aria-describedby|aria-labelledby)="([^"]+)"', html):
        assert target in parser.ids


def test_chinese_labels():
    html = render(kb("zh"))
    for key in ("feedback_title", "feedback_yes", "feedback_no", "feedback_reason_legend", "feedback_send"):
        assert STRINGS["zh"][key] in html
    assert "Was this helpful?" not in html


@pytest.mark.parametrize("kb_value, meta", [
    (None, {}),                                    # a page the helpcenter plugin does not own
    (kb(), {"hide": ["feedback"]}),                # front matter: hide: [feedback]
    (kb(), {"hide": ["toc", "feedback"]}),
])
def test_hidden(kb_value, meta):
    assert "data-kb-feedback" not in render(kb_value, meta)


def test_shown_when_other_things_are_hidden():
    assert "data-kb-feedback" in render(kb(), {"hide": ["toc", "navigation"]})


def test_every_language_has_every_feedback_string():
    keys = {lang: {k for k in table if k.startswith("feedback_")} for lang, table in STRINGS.items()}
    assert keys["en"] and all(k == keys["en"] for k in keys.values())
