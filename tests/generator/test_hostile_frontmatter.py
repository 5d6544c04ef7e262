"""Front-matter values are plain text (issue 10, item 1): `kb check` rejects markup in them, and the
generated listings print them as text whatever they hold. The browser side (every page, every
field) is tests/browser/test_hostile_frontmatter.py."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator.safety.text import md_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
import publish_cases  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from test_check import make_kb, run_check  # noqa: E402

from generator.cli import main  # noqa: E402

FIELDS = {
    "title": 'Create <img src=x onerror=alert(1)>',
    "summary": '"><script>alert(2)</script>',
    "owner": "<b>support</b>",
    "tags": ["excel", "<i>x</i>"],
    "aliases": ["old/</script>"],
    "contributors": ["<svg onload=alert(3)>"],
    "description": "<!-- hidden -->",
}


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_check_rejects_markup_in_plain_text_fields(tmp_path, field):
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    head, body = target.read_text(encoding="utf-8").split("---\n")[1:3]
    data = yaml.safe_load(head)
    data[field] = FIELDS[field]
    text = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body
    target.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if x.startswith(f"{field}:")))
    result = run_check(root)
    assert result.exit_code == 1, result.output
    assert f"create.md:{line}: error: front matter '{field}': markup is not allowed in plain text" in result.output


def test_check_accepts_angle_brackets_that_are_text(tmp_path):
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    target.write_text(target.read_text(encoding="utf-8").replace("summary: Make a task.",
                                                                 'summary: "Use a < b, C++ <3 and Q&A [beta] *now*"'), encoding="utf-8")
    result = run_check(root, "--strict")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name, value", publish_cases.FRONT_MATTER, ids=[n for n, _ in publish_cases.FRONT_MATTER])
def test_listing_line_renders_the_value_as_text(name, value):
    """A listing line as generated (link label + summary span), through the site's Markdown
    extensions that matter here: the visible text is the value, and nothing else is produced."""
    line = f'- [{md_text(value)}](x.md)  \n  <span class="kb-listing__summary">{md_text(value)}</span>'
    html = markdown.markdown(line, extensions=["attr_list", "md_in_html", "tables", "pymdownx.betterem", "pymdownx.inlinehilite"])
    parsed = _Elements()
    parsed.feed(html)
    assert parsed.elements == [("ul", []), ("li", []), ("a", [("href", "x.md")]), ("br", []),
                               ("span", [("class", "kb-listing__summary")])], html
    assert parsed.texts == [" ".join(value.split())] * 2, html


@pytest.mark.parametrize("name, value", publish_cases.FRONT_MATTER, ids=[n for n, _ in publish_cases.FRONT_MATTER])
def test_other_language_title_and_names_in_listings_render_as_text(name, value):
    """The Chinese release index prints an English title marked lang="en"; runbook listings print
    service names marked translate="no": the value stays the text of its span, nothing more."""
    from generator.releases.pages import _marked
    from generator.runbooks.pages import _cell

    line = f"- {_marked(value, 'en', 'zh')} — {_cell(value)}"
    html = markdown.markdown(line, extensions=["attr_list", "md_in_html", "tables", "pymdownx.betterem", "pymdownx.inlinehilite"])
    parsed = _Elements()
    parsed.feed(html)
    assert parsed.elements == [("ul", []), ("li", []), ("span", [("lang", "en")]), ("span", [("translate", "no")])], html
    assert parsed.texts == [" ".join(value.split())] * 2, html


class _Elements(HTMLParser):
    """Every element with its attributes, and the text inside the link and the summary."""

    def __init__(self):
        super().__init__()
        self.elements, self.texts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self._in = tag if tag in ("a", "span") else None
        if self._in:
            self.texts.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.texts[-1] += data


def test_check_refuses_the_redirect_template(tmp_path):
    """Material's redirect.html sends readers to `location` from a script (a javascript: URL runs)."""
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    target.write_text(target.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\ntemplate: redirect.html\nlocation: javascript:alert(1)\n"),
                      encoding="utf-8")
    result = run_check(root)
    assert result.exit_code == 1
    assert "create.md:11: error: front matter 'template': 'redirect.html' is Material's redirect page" in result.output, result.output


def test_alias_cannot_leave_the_site(tmp_path):
    """An alias is a file the build writes: '../..' must neither pass `kb check` nor be written."""
    root = make_kb(tmp_path)
    target = root / "articles/tasks/create.md"
    target.write_text(target.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\naliases: [../../escaped]\n"),
                      encoding="utf-8")
    result = run_check(root)
    assert "create.md:11: error: alias '../../escaped' leaves the site ('..'); use a site-relative URL [alias]" in result.output, result.output
    # Foreign content builds despite errors: the redirect is still not written outside site/.
    (root / "categories.yml").unlink()
    (root / "tags.yml").unlink()
    site = tmp_path / "out" / "site"
    build = CliRunner().invoke(main, ["build", "--kb", str(root), "--type", "article", "--site-dir", str(site), "-q",
                                      "--no-search-index", "--static-search", "none"])
    assert build.exit_code == 0, build.output
    assert (site / "index.html").exists()
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "out" / "escaped").exists()
