"""One Markdown converter per process (generator/mkdocs_plugin/page_render.py) publishes exactly what
MkDocs' own ``Page.render``, which builds a converter per page, publishes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.structure.pages import Page

from generator.cli import main
from generator.mkdocs_plugin import page_render

ROOT = Path(__file__).resolve().parents[2]

# State that Python-Markdown extensions keep per document: abbreviations, footnotes, link
# references, heading ids, tab groups, stashed code blocks. A converter reused without its reset
# carries page 1's into page 2 (page 2's "HTML" would become page 1's <abbr>).
PAGES = {
    "p1.md": """# One\n\nThe HTML spec[^1] and [ref].\n\n*[HTML]: Hyper Text Markup Language\n\n[ref]: https://example.com/one\n
[^1]: A footnote on page one.\n\n## Same\n\n## Same\n\n=== "A"\n\n    tab a\n\n=== "B"\n\n    tab b\n\n```python\nx = 1\n```\n""",
    "p2.md": """# Two\n\nHTML again, a [ref] that page 2 never defines, and [^1].\n\n## Same\n\n=== "C"\n\n    tab c\n\n```python\ny = 2\n```\n""",
}


def build(site: Path, src: Path) -> dict[str, bytes]:
    r = CliRunner().invoke(main, ["build", "--kb", str(src), "--type", "article", "--site-dir", str(site), "--no-search-index",
                                  "--static-search", "none", "--today", "2026-11-23", "-j", "1"])
    assert r.exit_code == 0, r.output
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.parametrize("source", ["sample", "stateful"])
def test_the_reused_converter_publishes_what_page_render_does(tmp_path, monkeypatch, source):
    if source == "sample":
        src = ROOT / "kb"
    else:
        src = tmp_path / "content"
        src.mkdir()
        for name, text in PAGES.items():
            (src / name).write_text(text, encoding="utf-8")
    reused = build(tmp_path / "reused", src)
    with monkeypatch.context() as m:
        m.setattr(page_render.ReusedConverter, "render", lambda self, page, config, files: Page.render(page, config, files))
        per_page = build(tmp_path / "per-page", src)
    assert reused.keys() == per_page.keys()
    assert [k for k in reused if reused[k] != per_page[k]] == []
    if source == "stateful":
        two = next(v for k, v in reused.items() if "p2" in k).decode()
        assert "<abbr" not in two and "example.com/one" not in two and "A footnote on page one" not in two
