"""A time budget for converting one page, so one hostile page cannot stall or crash the build.

``kb check`` already refuses pages that nest too deeply (generator.content.nesting); what a shallow
page can still cost (thousands of unclosed brackets, a huge paragraph) is bounded here. A page whose
conversion overruns the budget, or dies with RecursionError, is published as a short notice and
reported as a warning with its file and line: the rest of the site builds, and ``--strict`` stops it.

The budget is a SIGALRM timer in whichever process converts the page (MkDocs' loop or a forked
helper): Python-Markdown is pure Python, so the exception lands between two bytecodes. It is a
BaseException so that no ``except Exception`` inside an extension swallows it.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial

from mkdocs.structure.pages import Page

from ..build.pipeline import NOTICE
from ..content.diagnostics import Diagnostic
from ..content.nesting import longest_paragraph
from . import engine
from .page_render import ReusedConverter

log = logging.getLogger("mkdocs.plugins.helpcenter")

DEFAULT_SECONDS = 10.0  # a large real page converts in well under a second


class BudgetExceeded(BaseException):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise BudgetExceeded in this thread after ``seconds`` (no limit off the main thread or for 0)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise BudgetExceeded

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


Locate = Callable[[Page], tuple[str, int]]  # the page's source path and the line to point at


class RenderBudget:
    """Stands in for ``Page.render`` on every page the engine's own loop converts."""

    def __init__(self, seconds: float, by_src: dict) -> None:
        self.seconds = seconds
        self.by_src = by_src  # MkDocs source URI -> our page, to point at the right file and line
        self.converter = ReusedConverter()  # a forked helper converts with its own copy

    def guard(self, page: Page) -> None:
        # An instance attribute shadows Page.render for this one call (a parallel helper's
        # result may stand in for it later). Only on the engines that trick was written for.
        if engine.unsupported("", "") is None:
            page.render = partial(self._render, page)

    def _render(self, page: Page, config, files) -> None:
        del page.render
        render_within(page, config, files, self.seconds, self.locate, self.converter.render)

    def within(self) -> Callable:
        """``Page.render`` with this budget, for the parallel helpers."""
        return partial(render_within, seconds=self.seconds, locate=self.locate, render=self.converter.render)

    def locate(self, page: Page) -> tuple[str, int]:
        kb_page = self.by_src.get(page.file.src_uri)
        if kb_page is None:
            return page.file.src_uri, 1
        return kb_page.src_path, longest_paragraph(kb_page.body, kb_page.body_line)


def render_within(page: Page, config, files, seconds: float, locate: Locate, render=Page.render) -> None:
    """``render`` (``Page.render`` or a stand-in) within ``seconds``; on overrun or RecursionError the page becomes a notice."""
    try:
        with time_limit(seconds):
            render(page, config, files)
        return
    except BudgetExceeded:
        problem = f"took more than {seconds:g} s to convert to HTML"
    except RecursionError:
        problem = "nests too deeply to convert to HTML (Python's recursion limit)"
    path, line = locate(page)
    log.warning(Diagnostic(path, line, "warning", "too-costly", f"{problem}; published as a notice instead: simplify the page").format())
    source = page.markdown
    page.markdown = NOTICE.format(problem=problem)
    try:
        render(page, config, files)
    finally:
        page.markdown = source  # parallel rendering compares the Markdown it was given

