"""A stage of the build handed to a forked process while the build goes on.

Forking hands the child everything the build holds (thousands of converted pages) without pickling
any of it; only what the stage returns travels back, pickled, through a pipe. ``fork`` and ``stop``
are the process and its pipe, which the search index's two-step protocol uses too
(generator/search/background.py); ``Forked`` is the plain case: run one function, return its result
or raise with the child's traceback.

A forked stage pays for running beside the build: while a child lives, every memory page either
process writes that the other still shares is copied (about 12 µs a page on our build machine's VM,
against well under 1 µs once the child is gone). With a core of its own the child is worth it; on
one core it only takes turns with the build and both pay the copies. So without a spare core
(``spare_core``) a stage runs in the build's own process, at ``start``, with the same error
handling (``result`` raises what it raised): under ``bench/build.py --cpus 0`` forking and waiting
for each child took a cold build from 1.09× to 1.02× plain Material's time at 1,000 articles, and
the copies alone were then the 0.4 s of system time by which the build was still slower
(docs/performance.md).
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
        if spare_core():
            self.process, self._pipe = fork(_run, self.fn, self.args)
        else:  # a failure is still raised by result(), where the build expects it
            self._outcome = outcome(self.fn, *self.args)
        return self

    def result(self) -> Any:
        """What ``fn`` returned; raises RuntimeError with the child's traceback if it raised or died."""
        assert self.process is not None or self._outcome is not None, "start() first"
        ok, value = self._outcome if self._outcome is not None else self._receive()
        if not ok:
            where = f"in its process (exit code {self.process.exitcode})" if self.process is not None else "in the build's process"
            raise RuntimeError(f"{self.fn.__name__} failed {where}:\n{value or ''}")
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


def thaw() -> None:
    """Unfreeze and collect what an earlier build in this process froze (``gc.freeze`` before the
    index forks, and before the render helpers do): frozen objects are never collected, so a process
    that builds again and again (``mkdocs serve``, ``kb preview``) kept every earlier build's cycles,
    ~39 MiB a rebuild at 1,000 pages. A process's first build has frozen nothing: nothing to do."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def outcome(fn: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
    """(True, what ``fn`` returned) or (False, its traceback): a stage's result as a child reports it.

    The collector is paused meanwhile, as in a forked stage (``_run``): a stage allocates hundreds
    of thousands of objects it keeps to its end, and each full collection while it runs would walk
    them and the whole build's besides, to find almost nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return True, fn(*args)
    except Exception:  # noqa: BLE001 - raised by the caller, with this traceback (an interrupt goes on up)
        return False, traceback.format_exc()
    finally:
        if enabled:
            gc.enable()


def _run(fn: Callable[..., Any], args: tuple[Any, ...], pipe: Connection) -> None:
    # Short-lived: the collector's passes over the inherited objects would only copy their pages.
    gc.disable()
    try:
        result = (True, fn(*args))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        result = (False, traceback.format_exc())
    pipe.send(result)
    pipe.close()
