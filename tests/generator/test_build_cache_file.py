"""The build cache's file (generator/build/cache.py): what a build did not use is gone after it, so
the file does not grow with every edit; what it used or wrote stays for the next build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.build.cache import BuildCache


def _keys(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {k for (k,) in conn.execute("SELECT key FROM entries")}


def test_a_build_keeps_what_it_used_or_wrote_and_drops_the_rest(tmp_path: Path):
    path = tmp_path / "cache.sqlite"
    first = BuildCache(path, "code").open()
    for key in ("kept", "dropped", "never read"):
        first.put(key, {"value": key})
    first.close(prune=True)
    assert _keys(path) == {"kept", "dropped", "never read"}

    second = BuildCache(path, "code").open()
    assert second.get("kept") == {"value": "kept"}
    second.put("new", ["written", 2])
    second.close(prune=True)
    assert _keys(path) == {"kept", "new"}

    third = BuildCache(path, "code").open()
    assert (third.get("kept"), third.get("new"), third.get("dropped")) == ({"value": "kept"}, ["written", 2], None)
    third.close(prune=False)  # a preview or a partial build prunes nothing
    assert _keys(path) == {"kept", "new"}


def test_another_code_version_starts_afresh(tmp_path: Path):
    path = tmp_path / "cache.sqlite"
    old = BuildCache(path, "code v1").open()
    old.put("page", "<html>")
    old.close(prune=True)
    new = BuildCache(path, "code v2").open()
    assert new.get("page") is None and _keys(path) == set()
    new.close()
