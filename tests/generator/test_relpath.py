"""generator/site/links.relpath answers as posixpath.relpath does, for any pair of paths."""

from __future__ import annotations

import posixpath
import random

from generator.site.links import relpath

PARTS = ["a", "b", "zh", "index.md", "page-2.md", "标签", ".", "..", ""]


def _answer(fn, path: str, start: str):
    try:
        return fn(path, start)
    except ValueError as exc:
        return ("ValueError", str(exc))


def test_relpath_answers_as_the_standard_library_does():
    rng = random.Random(15)
    pairs = [("", "."), (".", "."), ("a", "."), (".", "a"), ("a/b", "a/b"), ("a/b/", "a"), ("/a", "b"), ("a", "/b")]
    for _ in range(20_000):
        pairs.append(tuple("/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 4))) or "." for _ in range(2)))
    wrong = [(p, s) for p, s in pairs if _answer(relpath, p, s) != _answer(posixpath.relpath, p, s)]
    assert not wrong, wrong[:10]
