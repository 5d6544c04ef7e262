"""MkDocs' parse of each page's front matter, skipped once the build cache knows it equals the
loader's (generator/mkdocs_plugin/page_meta.py): whatever a file holds, MkDocs ends up with the
``page.meta`` and Markdown its own parse gives, on the build that notes it and on the next."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator.build.cache import BuildCache
from generator.content import load
from generator.mkdocs_plugin import page_meta
from generator.mkdocs_plugin.build_cache import NoCache, RenderCache

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
FOLDERS = [ROOT / "kb", ROOT / "tests" / "hostile" / "content", *sorted(p for p in CORPORA.glob("*") if p.is_dir())]


def same(a, b) -> bool:
    try:
        return a == b
    except RecursionError:  # an alias cycle in a hostile file: compare as YAML writes it, anchors and all
        return yaml.safe_dump(a) == yaml.safe_dump(b)


def as_mkdocs_reads(path: Path, rel: str, kb_page, cache, sources) -> tuple[str, dict]:
    """Page.read_source with our on_page_read_source, then our first on_page_markdown."""
    file = SimpleNamespace(src_uri=rel, abs_src_path=os.path.abspath(path), content_string=path.read_text(encoding="utf-8-sig"))
    page = SimpleNamespace(file=file)
    given = page_meta.read_source(page, kb_page, cache, sources)
    markdown, meta = get_data(given if given is not None else page.file.content_string)
    page.meta = meta
    markdown = page_meta.restore(page, markdown)
    return markdown, page.meta


def readable(folder: Path, content):
    """(page, its file, the file's text) for every page whose file MkDocs can read."""
    for kb_page in content.pages:
        path = folder / kb_page.src_path
        try:
            yield kb_page, path, path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue


def assert_parsed_as_mkdocs_would(got: tuple[str, dict], source: str, where: str) -> None:
    markdown, meta = got
    want_markdown, want_meta = get_data(source)
    assert same(meta, want_meta), where
    assert markdown == want_markdown, where


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_page_meta_is_what_mkdocs_parses(folder: Path, tmp_path: Path):
    # Loaded as `kb build` loads it (with the build cache): the source each page's text comes from
    content = load(folder, store=BuildCache(tmp_path / "pages.sqlite", "test").open())
    assert content.sources or not content.pages
    for _build in range(2):  # the first notes what the second skips
        cache = RenderCache(BuildCache(tmp_path / "cache.sqlite", "test").open(), "config")
        for kb_page, path, source in readable(folder, content):
            assert_parsed_as_mkdocs_would(as_mkdocs_reads(path, kb_page.src_path, kb_page, cache, content.sources), source, kb_page.src_path)
        known = cache.front_matter
        cache.close(prune=True)
    if folder.name == "kb":  # the second build skipped MkDocs' parse of every sample page
        assert known.before is not None and len(known.before) == len(known.now) == len(content.pages)
    # Without a build cache (--no-cache) MkDocs parses every page itself, from the text the loader
    # read (a file with no content_string: reading it again would fail here).
    for kb_page, path, source in readable(folder, content):
        page = SimpleNamespace(file=SimpleNamespace(src_uri=kb_page.src_path, abs_src_path=os.path.abspath(path)))
        given = page_meta.read_source(page, kb_page, NoCache(), content.sources)
        assert given is not None, kb_page.src_path
        assert_parsed_as_mkdocs_would(get_data(given), source, kb_page.src_path)


@pytest.mark.parametrize("raw", [
    b"---\r\ntitle: CRLF\r\n---\r\nBody\r\nline\r\n",
    b"---\rtitle: CR alone\r---\rBody\rline\r",
    b"\xef\xbb\xbf---\ntitle: BOM\n---\nBody\r\n\rmixed\n",
    "---\ntitle: 中文\n---\n正文\r\n".encode(),
], ids=["crlf", "cr", "bom-mixed", "chinese"])
def test_the_loaders_bytes_read_as_mkdocs_reads_the_file(raw: bytes, tmp_path: Path):
    """The text handed to MkDocs from the loader's bytes is what MkDocs' own read of the file gives."""
    from mkdocs.structure.files import File

    (tmp_path / "page.md").write_bytes(raw)
    file = File("page.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    assert page_meta._text(file, {os.path.abspath(tmp_path / "page.md"): raw}) == file.content_string


def test_meta_copies_keep_yaml_aliases_shared_and_leave_the_original_alone():
    meta = yaml.safe_load("a: &x [1, {b: 2}]\nc: *x\nd: 2024-01-02\n")
    copied = page_meta._copy(meta)
    assert copied == meta and copied["a"] is copied["c"] and copied["a"] is not meta["a"]
    copied["a"].append(3)
    assert meta["a"] == [1, {"b": 2}]


TRICKY = ["yes", "no", "on", "null", "~", "2024-01-02", "1e3", "0x1F", "007", "a: b", "- item", "#hash", "'quoted'",
          '"double"', "line\n---\nnext", "trailing ", " leading", "tab\there", "中文标题", "emoji 🙂", "", "...", "---",
          "<script>alert(1)</script>", "a\r\nb", "\u2028sep"]


@pytest.mark.parametrize("value", TRICKY + [1, 0, -5, True, False, None, ["x", 1, None], {"k": ["v", {"n": "yes"}]}],
                         ids=lambda v: repr(v)[:30])
def test_a_generated_pages_meta_is_what_mkdocs_parses_from_its_text(value):
    """Generated pages (listings, tags) hand MkDocs the front matter they were written from: it must be
    exactly what MkDocs' own parse of the written text gives, whatever the values hold."""
    meta = {"title": value if isinstance(value, str) else "T", "lang": "en", "extra": value, "hide": ["toc"]}
    markdown = "\n\n# Heading\n\nText.\n"
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + markdown  # as files.add_generated_pages writes it
    page = SimpleNamespace()
    given = page_meta.read_generated(page, meta, markdown)
    want_markdown, want_meta = get_data(text)
    assert given == ""
    assert page._kb_meta == want_meta and page._kb_body == want_markdown


def test_a_generated_page_with_values_yaml_would_change_is_left_to_mkdocs():
    assert page_meta.read_generated(SimpleNamespace(), {"title": "T", "when": (1, 2)}, "x") is None
    assert page_meta.read_generated(SimpleNamespace(), {"title": "T", "ratio": 0.1}, "x") is None
