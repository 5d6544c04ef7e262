"""``Page.render`` with one Markdown converter per process instead of one per page.

MkDocs 1.6 builds a new ``markdown.Markdown`` for every page: loading and wiring some twenty
extensions costs about a sixth of converting a help-center page. Python-Markdown is made to be
reused (``Markdown.reset()`` between documents clears its stash, references and every extension
that keeps state), so this converts each page with one converter, registering MkDocs' four per-page
processors on it as ``Page.render`` does (a name registered again replaces the previous page's).
The output is the same as ``Page.render``'s (tests/generator/test_page_render.py builds a site
both ways). A converter an exception interrupted is not reused. Written against MkDocs 1.6 like
the other stand-ins for ``Page.render`` (engine.py).
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
    get_toc,
)

log = logging.getLogger("mkdocs.structure.pages")  # Page.render reads this logger's level


class ReusedConverter:
    def __init__(self) -> None:
        self.md: markdown.Markdown | None = None
        self.config_id: int | None = None

    def _converter(self, config) -> markdown.Markdown:
        if self.md is None or self.config_id != id(config):
            self.md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
            self.config_id = id(config)
        else:
            self.md.reset()
        return self.md

    def render(self, page, config, files) -> None:
        """What ``Page.render(page, config, files)`` does, on the reused converter."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._converter(config)
        self.md = None  # until the conversion completes: a half-run converter is not reused
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
        self.md = md
