"""Warming a build with the searches readers made lately (``Searcher(recent=...)``, ``warm.replay``):
a head start that never changes an answer, never stops a build opening, and stops at its budget."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from generator.search import Searcher
from generator.search.languages import preferred
from generator.search.warm import replay

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from search_strings import CASES  # noqa: E402

QUERIES = ["password", "sso login", "密码 重置", "gannt chart", "kb-0001", "reset"]


def test_a_build_warmed_with_recent_searches_answers_as_one_never_warmed(site, searcher):
    warmed = Searcher(site, recent=QUERIES)
    # Latin queries once for each reader language of the index (en, zh: they plan differently),
    # Chinese ones once.
    assert warmed.warmed == sum(2 if preferred(q, None) is None else 1 for q in QUERIES)
    for q in [*QUERIES, "clock skew", "甘特图"]:
        for reader in ("en", "zh", None):
            assert warmed.search(q, reader=reader) == searcher.search(q, reader=reader), (q, reader)


def test_hostile_recent_searches_do_not_stop_a_build_opening(site, searcher):
    hostile = [c.q for c in CASES] + ["\x00", "\ud800", "a" * 10_000, ""]
    warmed = Searcher(site, recent=hostile)
    assert warmed.warmed > 0
    assert warmed.search("password") == searcher.search("password")


def test_a_search_that_fails_is_skipped_and_the_rest_still_run():
    ran = []

    def search(q, reader):
        if q == "boom":
            raise ValueError("broken")
        ran.append((q, reader))

    assert replay(search, ["first", "boom", "密码"], ["en", "zh"]) == 5
    assert ran == [("first", "en"), ("first", "zh"), ("密码", "en")]


def test_the_replay_stops_at_its_time_budget():
    ran = []

    def slow(q, reader):
        time.sleep(0.02)
        ran.append(q)

    started = time.monotonic()
    done = replay(slow, [f"q{i}" for i in range(1000)], ["en"], seconds=0.2)
    assert time.monotonic() - started < 1.0
    assert 3 <= done == len(ran) < 50
