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
