"""A stage of the build handed to a forked process while the build goes on.

Forking hands the child everything the build holds (thousands of converted pages) without pickling
any of it; only what the stage returns travels back, pickled, through a pipe. ``fork`` and ``stop``
are the process and its pipe, which the search index's two-step protocol uses too
(generator/search/background.py); ``Forked`` is the plain case: run one function, return its result
or raise with the child's traceback.

A forked stage pays for running beside the build: while a child lives, every memory page either
process writes that the other still shares is copied (about 12 µs a page on our build machine's VM,
against well under 1 µs once the child is gone). With a core of its own the child is worth it; on
one core it only takes turns with the build and both pay the copies, and the switching between
them. So without a spare core (``spare_core``) the stages still fork (the same code, the same cache
and error handling) but the build waits for each to end before going on: under ``bench/build.py
--cpus 0`` a cold build went from 1.09× to 1.02× plain Material's time at 1,000 articles, from
1.32× to 1.05× at 5,000 (docs/performance.md).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class Forked:
    """``Forked(fn, *args).start()`` runs ``fn(*args)`` in a child; ``result()`` waits for it."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.fn, self.args = fn, args
        self.process: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None
        self._outcome: tuple[bool, Any] | None = None

    def start(self) -> Forked:
        self.process, self._pipe = fork(_run, self.fn, self.args)
        if not spare_core():
            self._outcome = self._receive()  # a failure is still raised by result(), where the build expects it
        return self

    def result(self) -> Any:
        """What ``fn`` returned; raises RuntimeError with the child's traceback if it raised or died."""
        assert self.process is not None, "start() first"
        ok, value = self._outcome if self._outcome is not None else self._receive()
        if not ok:
            raise RuntimeError(f"{self.fn.__name__} failed in its process (exit code {self.process.exitcode}):\n{value or ''}")
        return value

    def cancel(self) -> None:
        stop(self.process, self._pipe)
        self._pipe = None

    def _receive(self) -> tuple[bool, Any]:
        assert self.process is not None and self._pipe is not None, "start() first"
        try:
            outcome: tuple[bool, Any] = self._pipe.recv()
        except EOFError:
            outcome = (False, None)
        finally:
            self._pipe.close()
            self._pipe = None
            self.process.join()
        return outcome


def cores() -> int:
    """The cores this process may run on (``taskset`` and container CPU sets narrow them)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def spare_core() -> bool:
    """Whether a forked stage can run beside the build rather than take turns with it."""
    return cores() > 1


def fork(target: Callable[..., None], *args: Any) -> tuple[multiprocessing.process.BaseProcess, Connection]:
    """Start ``target(*args, pipe)`` in a forked child; returns the child and the pipe's reading end."""
    ctx = multiprocessing.get_context("fork")
    reading, child_end = ctx.Pipe(duplex=False)
    process = ctx.Process(target=target, args=(*args, child_end), daemon=True)
    process.start()
    child_end.close()  # the child's copy alone: its end closes the pipe, so a dead child is noticed
    return process, reading


def stop(process: multiprocessing.process.BaseProcess | None, pipe: Connection | None) -> None:
    """Stop the child (a failed build leaves nothing running) and close the pipe."""
    if process is not None:
        if process.is_alive():
            process.terminate()
        process.join()
    if pipe is not None:
        pipe.close()


def _run(fn: Callable[..., Any], args: tuple[Any, ...], pipe: Connection) -> None:
    # Short-lived: the collector's passes over the inherited objects would only copy their pages.
    gc.disable()
    try:
        outcome = (True, fn(*args))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        outcome = (False, traceback.format_exc())
    pipe.send(outcome)
    pipe.close()
