"""Pages whose text came from a contributor are converted by the reviewer's preview rules.

A page with ``submission`` in its front matter is rendered again with the contributed-Markdown
extensions and cleaned with the same allow-list as the preview (generator.safety.contributed),
whatever extensions the site itself enables: what a reviewer approved is what is published.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..safety import contributed


def render_contributed(page: Page, config, files) -> str:
    site_extensions = config["markdown_extensions"], config["mdx_configs"]
    config["markdown_extensions"] = list(contributed.EXTENSIONS)
    config["mdx_configs"] = contributed.extension_configs()
    try:
        page.markdown = contributed.neutralise(page.markdown)
        Page.render(page, config, files)
    finally:
        config["markdown_extensions"], config["mdx_configs"] = site_extensions
    return contributed.clean(page.content)
