"""What Markdown conversion may reach on the build machine: nothing outside the content folder.

pymdownx.snippets (when a site enables it) reads files relative to the working directory by default,
so ``--8<-- "../.env"`` or ``--8<-- "/etc/passwd"`` would paste them into a public page; it is
confined to the content folder here (``kb check`` reports such includes at their line). Links and
images with ``file:`` URLs point at the reader's own disk, and relative ones that climb out of the
content folder at nothing the site publishes: neither is published as a link.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError

from ..content.containment import walk
from ..content.diagnostics import Diagnostic

log = logging.getLogger("mkdocs.plugins.helpcenter")

SNIPPETS = "pymdownx.snippets"


def refuse_linked_folders(docs_dir: Path) -> None:
    """MkDocs walks the content folder following every directory link before any plugin sees the
    files, so a link out of it (``kb/all -> /``) or a cycle must stop the build here, before the walk."""
    folders = [link for link in walk(docs_dir)[1] if link.directory]
    if folders:
        for link in folders:
            log.error(Diagnostic(link.path, 1, "error", "link-outside", link.message()).format())
        raise PluginError(f"{len(folders)} directory link(s) lead outside the content folder or into a cycle; remove them")


def confine(config) -> None:
    """Snippets read only inside the content folder; no file: or climbing link is published."""
    confine_snippets(config)
    config.markdown_extensions.append(NoFileLinks())


def confine_snippets(config) -> None:
    """Make pymdownx.snippets read only inside docs_dir, and never download URLs."""
    if SNIPPETS not in config.markdown_extensions:
        return
    options = config.mdx_configs.setdefault(SNIPPETS, {})
    options.update(base_path=[config.docs_dir], restrict_base_path=True, url_download=False, check_paths=False)


class NoFileLinks(Extension):
    def extendMarkdown(self, md) -> None:
        # Just before MkDocs' own link rewriting ("relpath", priority 0), so targets are still as
        # the author wrote them, relative to the page's source file.
        md.treeprocessors.register(_DropLocalUrls(md), "kb_no_file_links", 0.5)


class _DropLocalUrls(Treeprocessor):
    def run(self, root) -> None:
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        src = getattr(getattr(relpath, "file", None), "src_uri", None)
        for el in root.iter():
            attr = {"a": "href", "img": "src"}.get(el.tag)
            value = el.get(attr) if attr else None
            if value is None or not _leaves_site(value.strip(), src):
                continue
            # A span keeps the text (an image keeps its alt text) and leads nowhere.
            text = el.get("alt", "") if el.tag == "img" else None
            el.tag = "span"
            el.attrib.clear()
            if text is not None:
                el.text = text


def _leaves_site(url: str, src: str | None) -> bool:
    """A file: URL, or a relative path that climbs out of the content folder."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return True
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/") or src is None:
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(parts.path)))
    return resolved == ".." or resolved.startswith("../")
