"""The atomic index swap: readers keep serving across builds and never see a partial build."""

from __future__ import annotations

import threading
import time

import pytest
from click.testing import CliRunner
from search_helpers import write_kb

from generator.content import load
from generator.search import NoIndexError, Searcher, build_index
from generator.search.cli import search as search_cmd


def test_searcher_follows_current_across_builds(tmp_path):
    kb = write_kb(tmp_path / "kb")
    site = tmp_path / "site"
    first = build_index(load(kb), site)
    s = Searcher(site, check_every=0)
    assert s.search("kanban")["total"] == 0

    errors, stop = [], threading.Event()

    def hammer():
        while not stop.is_set():
            try:
                assert s.search("gantt")["total"] >= 1
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

    t = threading.Thread(target=hammer)
    t.start()
    (kb / "articles/projects/kanban.md").write_text(
        "---\nid: kanban\ntitle: Kanban boards\ncategory: projects\nowner: d\nlang: en\n---\nKanban columns for gantt fans.\n",
        encoding="utf-8",
    )
    second = build_index(load(kb), site)
    time.sleep(0.2)
    stop.set()
    t.join()
    assert not errors
    assert s.search("kanban")["total"] == 1
    assert (site / ".search" / "CURRENT").read_text().strip() == second.build_id
    # the previous build stays until the next one; the one before is pruned
    assert first.index_dir.exists()
    third = build_index(load(kb), site)
    assert not first.index_dir.exists() and second.index_dir.exists() and third.index_dir.exists()


def test_searches_answer_from_the_open_build_while_a_new_one_warms(tmp_path, monkeypatch):
    """Opening a build warms it with readers' recent searches (seconds on a large site): the
    searches that come meanwhile are answered from the build already open, without waiting."""
    import generator.search.searcher as searcher_mod

    kb = write_kb(tmp_path / "kb")
    site = tmp_path / "site"
    first = build_index(load(kb), site)
    replaying, release = threading.Event(), threading.Event()

    def slow_replay(search, queries, readers, seconds=5.0):
        replaying.set()
        release.wait(10)
        return 0

    monkeypatch.setattr(searcher_mod, "replay", slow_replay)
    s = Searcher(site, check_every=0)
    s.recent = ("gantt",)  # from the next build on
    second = build_index(load(kb), site)
    opener = threading.Thread(target=s.refresh)
    opener.start()
    try:
        assert replaying.wait(10)
        started = time.monotonic()
        assert s.search("gantt")["total"] >= 1 and s.build_id == first.build_id
        assert time.monotonic() - started < 2  # not held until the replay ends
    finally:
        release.set()
        opener.join()
    assert s.build_id == second.build_id


def test_half_written_build_is_never_used(tmp_path, monkeypatch):
    kb = write_kb(tmp_path / "kb")
    site = tmp_path / "site"
    good = build_index(load(kb), site)
    s = Searcher(site, check_every=0)

    import generator.search.build as build_mod

    def crash(*a, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(build_mod, "_fsync_tree", crash)
    with pytest.raises(OSError):
        build_index(load(kb), site)
    monkeypatch.undo()
    assert (site / ".search" / "CURRENT").read_text().strip() == good.build_id
    assert s.search("gantt")["total"] >= 1
    # a CURRENT naming a broken directory keeps the old index serving
    broken = site / ".search" / "broken"
    broken.mkdir()
    (site / ".search" / "CURRENT").write_text("broken\n")
    assert s.search("gantt")["total"] >= 1 and s.build_id == good.build_id


def test_no_index_yet(tmp_path):
    with pytest.raises(NoIndexError):
        Searcher(tmp_path).search("x")
    result = CliRunner().invoke(search_cmd, ["x", "--site-dir", str(tmp_path)])
    assert result.exit_code == 1 and "no search index" in result.output and "Traceback" not in result.output


def test_cli_runs_the_same_search(site, searcher):
    import json

    out = CliRunner().invoke(search_cmd, ["clock skew", "--site-dir", str(site), "--json"])
    assert out.exit_code == 0
    assert json.loads(out.output)["results"][0]["id"] == searcher.search("clock skew")["results"][0]["id"]
    text = CliRunner().invoke(search_cmd, ["clock skew", "--site-dir", str(site)])
    assert "Fix single sign-on login failures" in text.output and "#clock-skew" in text.output


def test_looking_for_a_new_build_without_opening_it(tmp_path):
    """``still_current``: the service's event loop looks for a new build itself and sends only an
    actual new build to a thread to be opened."""
    kb = write_kb(tmp_path / "kb")
    site = tmp_path / "site"
    build_index(load(kb), site)
    s = Searcher(site, check_every=0)
    opened = s.build_id
    assert s.still_current() and s.build_id == opened
    second = build_index(load(kb), site)
    assert not s.still_current() and s.build_id == opened  # not opened here
    s.handle()
    assert s.build_id == second.build_id and s.still_current()
