"""A build stage run in a forked process (generator/build/forked.py): its result comes back, its
failure is raised in the build with the child's traceback, and a child that dies never hangs it.
Without a spare core the stage runs in the build's own process, and fails the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import forked
from generator.build.forked import Forked


def _sum_of(items: list[int], extra: int) -> dict[str, int]:
    return {"sum": sum(items) + extra, "pid": os.getpid()}


def _fails() -> None:
    raise ValueError("a stage that fails")


def _dies() -> None:
    os._exit(3)


def _sleeps() -> None:
    time.sleep(60)


def _takes_a_moment() -> int:
    time.sleep(0.5)
    return 6


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(forked, "spare_core", lambda: True)  # a child beside the build, on any machine


def test_the_result_comes_back_from_another_process(two_cores):
    big = list(range(100_000))  # inherited, never pickled
    result = Forked(_sum_of, big, 1).start().result()
    assert result["sum"] == sum(big) + 1 and result["pid"] != os.getpid()


def test_a_failure_is_raised_with_the_childs_traceback(two_cores):
    with pytest.raises(RuntimeError, match="ValueError: a stage that fails"):
        Forked(_fails).start().result()


def test_a_child_that_dies_is_reported_not_waited_for(two_cores):
    with pytest.raises(RuntimeError, match="exit code 3"):
        Forked(_dies).start().result()


def test_on_one_core_the_stage_runs_in_the_build_before_it_goes_on(monkeypatch):
    """Beside the build it would only take turns with it on one core, both copying shared memory."""
    monkeypatch.setattr(forked, "spare_core", lambda: False)
    started = time.monotonic()
    task = Forked(_sum_of, [1, 2], 3).start()
    Forked(_takes_a_moment).start()
    assert time.monotonic() - started >= 0.5  # done at start
    assert task.process is None and task.result() == {"sum": 6, "pid": os.getpid()}


def test_on_one_core_a_failure_is_still_raised_by_result(monkeypatch):
    monkeypatch.setattr(forked, "spare_core", lambda: False)
    task = Forked(_fails).start()  # the build goes on to where it asks for the result
    with pytest.raises(RuntimeError, match="ValueError: a stage that fails"):
        task.result()


def test_cancel_stops_the_child(two_cores):
    task = Forked(_sleeps).start()
    started = time.monotonic()
    task.cancel()
    assert time.monotonic() - started < 10 and task.process is not None and not task.process.is_alive()


_BUILDS = """
import gc, sys
from pathlib import Path
from mkdocs.commands.build import build
from generator.cli.build import load_mkdocs_config
for _ in range(4):
    config, _, _ = load_mkdocs_config(Path(sys.argv[1]), None, None, Path(sys.argv[2]), False)
    build(config)
    print(gc.get_freeze_count(), flush=True)
"""


def test_a_process_that_builds_again_and_again_does_not_keep_earlier_builds(tmp_path):
    """`mkdocs serve` and `kb preview` build in one process: what a build froze for the collector
    (before forking) is released by the next build, so the frozen objects do not grow build by build
    (they grew by thousands a build at the sample's size, by the whole build at 1,000 pages)."""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _BUILDS, str(root / "kb"), str(tmp_path / "site")],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    frozen = [int(line) for line in out.split()]
    assert len(frozen) == 4 and frozen[1] > 0
    assert frozen[3] - frozen[1] < 1000, frozen
