"""Contributor Markdown reaches kb/ neutralised (issue 10, item 2): `kb submissions export` writes
what the reviewer's preview rendered, and that file renders to nothing that can run script. The
whole loop in a browser is tests/browser/test_hostile_submissions.py."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.content.frontmatter import split
from generator.contrib import SubmissionFile, write
from generator.safety.contributed import neutralise, render

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
import publish_cases  # noqa: E402

IDS = [n for n, _ in publish_cases.SUBMISSIONS]
SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
                   "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _unsafe(html: str) -> list[str]:
    parsed = _Tags()
    parsed.feed(html)
    out = []
    for tag, attrs in parsed.tags:
        if tag in ("script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base", "form"):
            out.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "data-pwn", "formaction") and tag not in ("th", "td"):
                out.append(f"{tag} {name}")
            if name in ("href", "src", "action") and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                out.append(f"{tag} {name}={value}")
    return out


@pytest.mark.parametrize("name, body", publish_cases.SUBMISSIONS, ids=IDS)
def test_export_writes_the_neutralised_body_and_it_renders_safely(tmp_path, name, body):
    sub = SubmissionFile(submission_id="sub-1", kind="article", title="Guide <script>alert(1)</script>", body=body,
                         contributor="Mallory <b>", category="account", tags=["<i>x</i>"],
                         source_path="articles/account/guide.md", article_id="kb-aaaaaaaa")
    write(tmp_path, sub)
    fm = split((tmp_path / "articles/account/guide.md").read_text(encoding="utf-8"))
    assert fm.data["submission"] == "sub-1"  # the build renders it as contributed
    assert fm.body.strip("\n") == neutralise(body.strip("\n")).strip("\n")
    assert neutralise(fm.body) == fm.body  # rendering the file again changes nothing: preview == page
    assert not re.search(r"<[A-Za-z/!?]", fm.data["title"] + " ".join(fm.data["tags"] + fm.data["contributors"]))
    assert "--8<--" not in fm.body and not re.search(r"(?<!\\)\{", fm.body)
    assert _unsafe(render(fm.body)) == [], render(fm.body)
    # The file alone is safe too, even rendered with the site's extensions and no HTML cleaning.
    raw = markdown.markdown(fm.body, extensions=SITE_EXTENSIONS)
    assert _unsafe(raw) == [], raw


def test_safe_markdown_survives_neutralising():
    body = ("Use `<kbd>` in code, <https://example.com> and [docs](../other.md#part) or [mail](mailto:a@b.c).\n\n"
            "```html\n<b>{x}</b> --8<-- \"f\"\n/// doc comment\n[x]: javascript:kept-as-code\n```\n\n"
            "!!! note \"Tip\"\n\n    Text with a < b.\n")
    assert neutralise(body) == body
