"""The search index stage of a build (generator/search/background.py): forked beside the build when
a core is spare, in the build's own process when not. Either way the related pages come first, then
the published index, and a failure is raised in the build with its traceback."""

from __future__ import annotations

import os

import pytest

from generator.search import background
from generator.search.background import BackgroundIndex


@pytest.mark.parametrize("spare", [True, False], ids=["forked", "in the build"])
def test_related_pages_then_the_index(monkeypatch, tmp_path, content, spare):
    monkeypatch.setattr(background, "spare_core", lambda: spare)
    stage = BackgroundIndex(content, tmp_path, "b1").start()
    assert (stage.process is not None) is spare
    related = stage.related()
    assert set(related) == {p.id for p in content.pages} and any(related.values())
    assert stage.result()["docs"] == len(content.pages)
    assert (tmp_path / ".search" / "CURRENT").read_text(encoding="utf-8").strip() == "b1"
    assert not [p for p in os.listdir(tmp_path) if p.startswith("kb-index-")]


@pytest.mark.parametrize("spare", [True, False], ids=["forked", "in the build"])
def test_a_failure_is_raised_where_the_build_asks(monkeypatch, tmp_path, content, spare):
    monkeypatch.setattr(background, "spare_core", lambda: spare)
    (tmp_path / ".search").write_text("a file where the index folder goes", encoding="utf-8")
    stage = BackgroundIndex(content, tmp_path, "b1").start()  # the build goes on to where it asks
    with pytest.raises(RuntimeError, match="search indexing failed"):
        stage.related()
    stage.cancel()


def test_an_english_body_edit_does_not_segment_chinese_again(tmp_path):
    """Its tags' Chinese titles were segmented by an earlier build (generator/search/build.py,
    ``_TagTerms``): loading jieba's dictionary again was a quarter of a second of a rebuild."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    kb = tmp_path / "kb"
    subprocess.run([sys.executable, str(root / "bench" / "synth.py"), "--n", "12", "--out", str(kb)], check=True, capture_output=True)
    build = f"""
import jieba
from generator.build.cache import BuildCache
from generator.content import load
from generator.search.build import PreparedIndex
cache = BuildCache({str(tmp_path / "cache.sqlite")!r}, "test").open()
PreparedIndex(load({str(kb)!r}), {str(tmp_path / "site")!r}, cache=cache).publish()
cache.close(prune=True)
print(jieba.dt.initialized)
"""
    import re

    # an English article with no Chinese in its text (some link to Chinese articles by their titles)
    english = next(p for p in sorted((kb / "articles").rglob("*.md"))
                   if "/zh/" not in p.as_posix() and not re.search(r"[\u3400-\u9fff]", p.read_text(encoding="utf-8").split("---", 2)[2]))
    runs = []
    for n in range(3):
        if n:
            english.write_text(english.read_text(encoding="utf-8") + f"\n\nOne more line ({n}).\n", encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", build], check=True, capture_output=True, text=True, cwd=root)
        runs.append(out.stdout.split()[-1])
    assert runs == ["True", "False", "False"]  # the first build segments every page; the edits, none
