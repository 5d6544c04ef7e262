"""`kb build` with the build cache of the previous build (an incremental build) writes the same site
as a cold build of the same content: every page, listing, tag page, related list, manifest entry and
search index, across edits to a body, a title, tags, a category, translation links and the
configuration, and when pages are added, deleted or renamed. Compared with bench/site_diff.py: byte
for byte, except the build id and time, and the whoosh index, compared decoded
(its file names and layout differ between any two cold builds)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KB = Path(sys.executable).parent / "kb"
TODAY = "2026-12-01"

pytestmark = pytest.mark.slow


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site_diff = _bench("site_diff")


def kb_build(kb: Path, site: Path, *extra: str, one_core: bool = False) -> str:
    proc = subprocess.run([*(["taskset", "-c", "0"] if one_core else []), str(KB), "build", "--kb", str(kb), "--site-dir", str(site), "--today", TODAY, *extra],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return proc.stderr


def reused(log: str) -> tuple[int, int]:
    m = re.search(r"build cache: (\d+) of (\d+) lookups reused", log)
    assert m, log[-2000:]
    return int(m.group(1)), int(m.group(2))


def article(kb: Path, name: str, lang: str = "") -> Path:
    found = sorted(kb.glob(f"articles/*/{lang + '/' if lang else ''}*.md"))
    return found[{"first": 0, "second": 1, "last": -1}[name]]


def set_front(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    if not n:
        text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
    path.write_text(text, encoding="utf-8")


def edit_body(kb):
    p = article(kb, "first")
    p.write_text(p.read_text(encoding="utf-8") + "\n## Another step\n\nRestart the sync after you change this.\n", encoding="utf-8")


def edit_title(kb):
    set_front(article(kb, "second"), "title", '"A retitled article about billing exports"')


def edit_tags(kb):
    set_front(article(kb, "last"), "tags", "[permissions, mobile]")


def edit_category(kb):
    set_front(article(kb, "second"), "category", "api")


def edit_translation(kb):
    zh = article(kb, "first", "zh")
    text = zh.read_text(encoding="utf-8")
    zh.write_text(re.sub(r"^translation_of: .*\n", "", text, flags=re.M), encoding="utf-8")
    other = article(kb, "last", "zh")
    set_front(other, "translation_of", re.search(r"^id: (\S+)", article(kb, "last").read_text(encoding="utf-8"), re.M).group(1))


def edit_taxonomy(kb):
    cats = kb / "categories.yml"
    cats.write_text(cats.read_text(encoding="utf-8").replace('title: {en: "', 'title: {en: "Renamed ', 1), encoding="utf-8")


def add_page(kb):
    src = article(kb, "first")
    text = re.sub(r"^id: .*$", "id: kb-added0001", src.read_text(encoding="utf-8"), count=1, flags=re.M)
    text = re.sub(r"^title: .*$", 'title: "A new article on exports"', text, count=1, flags=re.M)
    (src.parent / "a-new-article-on-exports.md").write_text(text, encoding="utf-8")


def rename_page(kb):
    """The added article (no page links to it: renaming a linked one breaks links and `kb check` stops the build)."""
    p = article(kb, "first").parent / "a-new-article-on-exports.md"
    p.rename(p.with_name("exports-explained.md"))


def delete_page(kb):
    (article(kb, "first").parent / "exports-explained.md").unlink()


EDITS = [edit_body, edit_title, edit_tags, edit_category, edit_translation, edit_taxonomy, add_page, rename_page, delete_page]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    kb = tmp_path_factory.mktemp("incremental") / "kb"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--n", "24", "--out", str(kb)], check=True,
                   capture_output=True)
    return kb


def test_an_incremental_build_equals_a_cold_build_after_every_kind_of_edit(corpus: Path, tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    site = tmp_path / "site"
    log = kb_build(kb, site)
    assert reused(log)[0] == 0
    for n, edit in enumerate(EDITS):
        edit(kb)
        log = kb_build(kb, site)
        hits, lookups = reused(log)
        cold = tmp_path / f"cold-{n}"
        kb_build(kb, cold, "--no-cache")
        assert site_diff.differences(site, cold) == [], edit.__name__
        if edit in (edit_body, edit_title):
            # one article changed: every other page's conversion and nearly every template is reused
            assert hits > lookups * 0.6, (edit.__name__, hits, lookups)
        shutil.rmtree(cold)


@pytest.mark.skipif(shutil.which("taskset") is None, reason="needs taskset to run a build on one core")
def test_a_build_on_one_core_writes_the_same_site(corpus: Path, tmp_path: Path):
    """On one core the build's stages run in its own process (generator/build/forked.py) instead of
    forked beside it: the site, cold or with the cache after an edit, is the one every core writes."""
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    site, cold, cold_one = tmp_path / "site", tmp_path / "cold", tmp_path / "cold-one-core"
    kb_build(kb, site, one_core=True)
    edit_body(kb)
    kb_build(kb, site, one_core=True)
    kb_build(kb, cold, "--no-cache")
    kb_build(kb, cold_one, "--no-cache", one_core=True)
    assert site_diff.differences(site, cold) == []
    assert site_diff.differences(cold_one, cold) == []


def test_how_many_processes_convert_changes_nothing_the_cache_keeps(corpus: Path, tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    site = tmp_path / "site"
    kb_build(kb, site)
    hits, lookups = reused(kb_build(kb, site, "-j", "1"))
    assert hits == lookups > 0


def test_a_configuration_edit_rebuilds_what_it_changes(corpus: Path, tmp_path: Path):
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    config = tmp_path / "mkdocs.yml"
    packaged = (ROOT / "generator" / "mkdocs_plugin" / "default.yml").read_text(encoding="utf-8")
    config.write_text(f"docs_dir: {kb}\n" + packaged, encoding="utf-8")
    site = tmp_path / "site"
    kb_build(kb, site, "--config", str(config))
    config.write_text(f"docs_dir: {kb}\n" + packaged.replace("site_name: Help Center", "site_name: Acme Answers")
                      .replace("primary: indigo", "primary: teal"), encoding="utf-8")
    hits, lookups = reused(kb_build(kb, site, "--config", str(config)))
    assert hits < lookups  # the site name is on every page: every template renders again
    kb_build(kb, tmp_path / "cold", "--config", str(config), "--no-cache")
    assert site_diff.differences(site, tmp_path / "cold") == []
    assert "Acme Answers" in (site / "index.html").read_text(encoding="utf-8")


def test_a_build_over_an_old_site_removes_every_file_it_did_not_write(corpus: Path, tmp_path: Path):
    """`kb build` writes over the previous site instead of emptying the folder first
    (generator/cli/site_folder.py): what it did not write must go, even a file where it needs a folder."""
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    site, cold = tmp_path / "site", tmp_path / "cold"
    kb_build(kb, cold, "--no-cache")
    kb_build(kb, site)
    (site / "stray.html").write_text("an old page", encoding="utf-8")
    (site / "gone" / "deeper").mkdir(parents=True)
    (site / "gone" / "deeper" / "index.html").write_text("an old page", encoding="utf-8")
    (site / "assets" / "old.css").write_text("body {}", encoding="utf-8")
    (site / "static-search" / "docs" / "99999.json").write_text("{}", encoding="utf-8")  # the static index prunes its own
    page = sorted(site.glob("articles/*/*/index.html"))[0]
    written = page.stat().st_mtime_ns
    log = kb_build(kb, site)
    assert "building again into an emptied site folder" not in log
    assert not (site / "gone").exists()
    assert page.stat().st_mtime_ns == written  # the same page: left as it was, not written again
    assert site_diff.differences(site, cold) == []
    kb_build(kb, site, "--static-search", "none")
    assert not (site / "static-search").exists()  # no index left behind that no longer matches the pages

    folder = next(p.parent for p in sorted(site.glob("*/*/index.html")))  # a page's folder, made by the build
    shutil.rmtree(folder)
    folder.write_text("a file where the build writes a folder", encoding="utf-8")
    log = kb_build(kb, site)
    assert "building again into an emptied site folder" in log
    assert site_diff.differences(site, cold) == []


def test_pages_changed_or_gone_on_disk_are_written_again(corpus: Path, tmp_path: Path):
    """A page whose template context is unchanged is left as it is only while its file still holds
    what the last build wrote (generator/mkdocs_plugin/build_cache.py): a page edited or removed by
    hand, or a site folder a CI run starts without, comes back as a cold build writes it."""
    kb = tmp_path / "kb"
    shutil.copytree(corpus, kb)
    site, cold = tmp_path / "site", tmp_path / "cold"
    kb_build(kb, cold, "--no-cache")
    kb_build(kb, site)
    pages = sorted(site.glob("articles/*/*/index.html"))
    kept = pages[2]
    written = kept.stat().st_mtime_ns
    pages[0].write_text(pages[0].read_text(encoding="utf-8").replace("</main>", "<script>alert(1)</script></main>"),
                        encoding="utf-8")
    pages[1].unlink()
    kb_build(kb, site)
    assert site_diff.differences(site, cold) == []
    assert kept.stat().st_mtime_ns == written  # the untouched page: left as it was
    shutil.rmtree(site)  # the cache kept, the site not (a CI run restoring only the cache)
    hits, lookups = reused(kb_build(kb, site))
    assert hits == lookups  # every page from the cache, those the last build left as they were too
    assert site_diff.differences(site, cold) == []
