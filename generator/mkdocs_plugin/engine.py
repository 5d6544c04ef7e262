"""Which site engines our reach into their internals was written for.

Two places use MkDocs internals that no public API offers: parallel rendering stands in for
`Page.render` and relies on `_populate_page`'s event order (parallel_render.py), and the preview's
error page overrides `LiveReloadServer._serve_request` (generator/cli/preview_server.py). Both were
written against MkDocs 1.6; ProperDocs 1.6 is the same code (it aliases `mkdocs` to itself). On any
other engine or version they refuse with a message instead of silently producing different output.
The per-page time budget (render_budget.py) and its reused converter (page_render.py) also stand in
for `Page.render`; elsewhere they are left out (the nesting limits of `kb check` still apply).
"""

from __future__ import annotations

import mkdocs

SUPPORTED = {"mkdocs": "1.6", "properdocs": "1.6"}


def unsupported(feature: str, way_out: str, name: str = mkdocs.__name__, version: str = mkdocs.__version__) -> str | None:
    """Why ``feature`` cannot run on this engine (with ``way_out``), or None when it can."""
    if SUPPORTED.get(name) == ".".join(version.split(".")[:2]):
        return None
    known = " and ".join(f"{n} {v}" for n, v in SUPPORTED.items())
    return f"helpcenter: {feature} was written for {known} and this runs {name} {version}; {way_out}"
