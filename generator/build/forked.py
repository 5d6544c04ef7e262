"""A stage of the build handed to a forked process while the build goes on.

Forking hands the child everything the build holds (thousands of converted pages) without pickling
any of it; only what the stage returns travels back, pickled, through a pipe. The search index has
a process of its own with a two-step protocol (generator/search/background.py); this is the plain
case: run one function, return its result or raise with the child's traceback.
"""

from __future__ import annotations

import gc
import multiprocessing
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

    def start(self) -> Forked:
        ctx = multiprocessing.get_context("fork")
        self._pipe, child_end = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_run, args=(self.fn, self.args, child_end), daemon=True)
        self.process.start()
        child_end.close()  # the child's copy alone: its end closes the pipe, so a dead child is noticed
        return self

    def result(self) -> Any:
        """What ``fn`` returned; raises RuntimeError with the child's traceback if it raised or died."""
        assert self.process is not None and self._pipe is not None, "start() first"
        try:
            ok, value = self._pipe.recv()
        except EOFError:
            ok, value = False, None
        finally:
            self._pipe.close()
            self._pipe = None
            self.process.join()
        if not ok:
            raise RuntimeError(f"{self.fn.__name__} failed in its process (exit code {self.process.exitcode}):\n{value or ''}")
        return value

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        if self.process is not None:
            self.process.join()
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None


def _run(fn: Callable[..., Any], args: tuple[Any, ...], pipe: Connection) -> None:
    # Short-lived: the collector's passes over the inherited objects would only copy their pages.
    gc.disable()
    try:
        outcome = (True, fn(*args))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        outcome = (False, traceback.format_exc())
    pipe.send(outcome)
    pipe.close()
