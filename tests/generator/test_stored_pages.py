"""Pages kept in the build cache (generator/content/stored_pages.py): a page read back from the cache is
the page read from its file, with the same diagnostics, whatever the file holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build.cache import BuildCache
from generator.content import load
from generator.content.diagnostics import Diagnostics
from generator.content.loader import read_page
from generator.content.stored_pages import Unstorable, from_json, to_json

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "hostile" / "content"


def real_store(tmp_path: Path) -> BuildCache:
    """The build cache itself (a SQLite file, values through its JSON)."""
    return BuildCache(tmp_path / "cache.sqlite", "test").open()


def _sources(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


@pytest.mark.parametrize("folder", [ROOT / "kb", HOSTILE], ids=["sample", "hostile"])
def test_every_page_reads_back_as_read_from_its_file(folder: Path):
    stored = 0
    for rel in _sources(folder):
        diags = Diagnostics()
        page = read_page(folder, rel, folder.name == "kb", None, "en", diags)
        try:
            value = json.loads(json.dumps(to_json(page, diags.items), ensure_ascii=False))
        except Unstorable:
            continue
        stored += 1
        again, found = from_json(value)
        assert again == page, rel
        assert found == diags.items, rel
    assert stored > len(_sources(folder)) * 0.8


def test_a_second_load_takes_every_page_from_the_store_and_sees_an_edit(tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb)
    store = real_store(tmp_path)
    first = load(kb, store=store)
    store.flush()  # what a build writes, the next one reads
    again = load(kb, store=store)
    assert store.hits == len(first.pages)
    assert again.pages == first.pages
    assert [d.format() for d in again.diagnostics] == [d.format() for d in first.diagnostics]

    article = kb / _sources(kb)[1]
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    store.flush()
    edited = load(kb, store=store)
    assert edited.pages == load(kb).pages
    assert any(p.title.startswith("Edited") for p in edited.pages)


def test_values_json_cannot_hold_are_read_from_the_file_every_time(tmp_path: Path):
    kb = tmp_path / "kb"
    (kb / "articles").mkdir(parents=True)
    (kb / "articles" / "odd.md").write_text("---\ntitle: Odd\nid: odd\nplatforms: !!set {mac, windows}\n---\n# Odd\n", encoding="utf-8")
    (kb / "articles" / "dated.md").write_text(
        "---\ntitle: Dated\nid: dated\ndate: 2026-01-02\nextra: 2026-01-02T03:04:05+08:00\n---\nBody\n", encoding="utf-8")
    # JSON (and the cache's orjson) has no integer beyond 64 bits and no infinity: read back, each
    # would come back another value
    (kb / "articles" / "huge.md").write_text("---\ntitle: Huge\nid: huge\nticket: 123456789012345678901234567890\n---\nB\n",
                                             encoding="utf-8")
    (kb / "articles" / "endless.md").write_text("---\ntitle: Endless\nid: endless\nweight: .inf\n---\nB\n", encoding="utf-8")
    store = real_store(tmp_path)
    first = load(kb, store=store)
    store.flush()  # what a build writes, the next one reads
    again = load(kb, store=store)
    assert again.pages == first.pages
    assert {type(p.meta.get("ticket")) for p in again.pages} >= {int}
    assert store.hits == 1  # the dated page; the pages holding a YAML set, a huge number, infinity are never stored
