"""MkDocs' loop over pages, as the build runs it: each page's time budget (render_budget.py), the
helper processes converting Markdown ahead of MkDocs' own loop (parallel_render.py, `kb build`
only) and the progress lines in the build log."""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..build.pipeline import progress
from .parallel_render import ParallelRender, default_processes
from .render_budget import RenderBudget


class PageLoop:
    def __init__(self) -> None:
        self.parallel: ParallelRender | None = None  # helper processes rendering Markdown (kb build)
        self.budget = RenderBudget(0, {})  # a time limit on converting each page (off until planned)
        self.counts = {"pages": 0, "converted": 0, "written": 0}

    def plan(self, seconds: float, by_src: dict) -> None:
        """From on_files, once the build's pages are known."""
        self.budget = RenderBudget(seconds, by_src)

    def start(self, config, files, processes: int | None, serving: bool) -> None:
        """From the last on_nav: the helpers fork with the final files and navigation."""
        self.stop()
        self.counts = {"pages": len(files.documentation_pages()), "converted": 0, "written": 0}
        if not serving:
            self.parallel = ParallelRender.start(config, files, processes or default_processes(), render=self.budget.within(),
                                                 cached=lambda page: getattr(page, "_kb_cached", False))

    def before(self, page: Page) -> Page:
        """From on_pre_page: the page converts within its budget, or takes a helper's result."""
        self.budget.guard(page)
        if self.parallel is not None:
            self.parallel.before_render(page)
        self.count("converted")
        return page

    def count(self, what: str) -> None:
        self.counts[what] += 1
        progress(self.counts[what], self.counts["pages"], f"pages {what}")

    def stop(self) -> None:
        if self.parallel is not None:
            self.parallel.close()
            self.parallel = None
