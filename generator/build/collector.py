"""The garbage collector during a build.

A build allocates millions of objects that live until it ends (pages, their converted HTML, the
indexes' documents) and makes little cyclic garbage. With CPython's default thresholds the
collector starts a young-generation pass every 700 allocations and, as the heap grows, full passes
over everything allocated so far: a twentieth of a one-page rebuild at 5,000 pages went there
(bench/build.py --incremental; docs/performance.md). So while a build runs the young generation is
collected every 100,000 allocations and the full passes all but never; the process ends with the
build (generator/cli/__init__.py), or the thresholds are restored for whatever the caller does next.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_THRESHOLDS = (100_000, 50, 1_000)


@contextmanager
def collecting_seldom() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
