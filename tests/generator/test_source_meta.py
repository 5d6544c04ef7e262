"""MkDocs' parse of each page's front matter, skipped once the build cache knows it equals the
loader's (generator/mkdocs_plugin/page_meta.py): whatever a file holds, MkDocs ends up with the
``page.meta`` and Markdown its own parse gives, on the build that notes it and on the next."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator.build.cache import BuildCache
from generator.content import load
from generator.mkdocs_plugin import page_meta
from generator.mkdocs_plugin.build_cache import RenderCache

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
FOLDERS = [ROOT / "kb", ROOT / "tests" / "hostile" / "content", *sorted(p for p in CORPORA.glob("*") if p.is_dir())]


def same(a, b) -> bool:
    try:
        return a == b
    except RecursionError:  # an alias cycle in a hostile file: compare as YAML writes it, anchors and all
        return yaml.safe_dump(a) == yaml.safe_dump(b)


def as_mkdocs_reads(path: Path, rel: str, kb_page, cache) -> tuple[str, dict]:
    """Page.read_source with our on_page_read_source, then our first on_page_markdown."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri=rel, content_string=path.read_text(encoding="utf-8-sig")))
    given = page_meta.read_source(page, kb_page, cache)
    markdown, meta = get_data(given if given is not None else page.file.content_string)
    page.meta = meta
    markdown = page_meta.restore(page, markdown)
    return markdown, page.meta


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_page_meta_is_what_mkdocs_parses(folder: Path, tmp_path: Path):
    content = load(folder)
    for _build in range(2):  # the first notes what the second skips
        cache = RenderCache(BuildCache(tmp_path / "cache.sqlite", "test").open(), "config")
        for kb_page in content.pages:
            path = folder / kb_page.src_path
            try:
                source = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            markdown, meta = as_mkdocs_reads(path, kb_page.src_path, kb_page, cache)
            want_markdown, want_meta = get_data(source)
            assert same(meta, want_meta), kb_page.src_path
            assert markdown == want_markdown, kb_page.src_path
        known = cache.front_matter
        cache.close(prune=True)
    if folder.name == "kb":  # the second build skipped MkDocs' parse of every sample page
        assert known.before is not None and len(known.before) == len(known.now) == len(content.pages)
