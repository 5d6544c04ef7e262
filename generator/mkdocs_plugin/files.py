"""Virtual files: content MkDocs would not pick up by itself and pages the generator writes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import yaml
from mkdocs.structure.files import File, Files

from ..content.loader import page_src_uri
from ..content.model import ContentSet, Page
from ..content.taxonomy import CONFIG_FILES
from ..site import GeneratedPage

log = logging.getLogger("mkdocs.plugins.helpcenter")


def add_content_files(files: Files, content: ContentSet, config) -> dict[str, Page]:
    """Map MkDocs source URIs to our pages, adding extension-less Markdown files as pages."""
    by_src: dict[str, Page] = {}
    for src in content.refused:  # symbolic links out of the content folder: never published
        refused = files.get_file_from_path(src)
        if refused is not None:
            files.remove(refused)
    if content.managed:
        for name in CONFIG_FILES:
            config_file = files.get_file_from_path(name)
            if config_file is not None:
                files.remove(config_file)
    for page in content.pages:
        if (
            files.get_file_from_path(page.src_path) is not None
            and page.src_path.lower().endswith((".md", ".markdown"))
            and not page.not_utf8  # MkDocs would read the file again and fail: publish our decoded text
        ):
            by_src[page.src_path] = page
            continue
        src_uri = page_src_uri(page.src_path)
        raw = files.get_file_from_path(page.src_path)
        if raw is not None:
            files.remove(raw)  # published as a page below, not copied as a raw file
        if files.get_file_from_path(src_uri) is not None:
            log.info("%s: not published, %s has the same URL", page.src_path, src_uri)
            continue
        files.append(File.generated(config, src_uri, content=page.body))
        by_src[src_uri] = page
    return by_src


def withhold(files: Files, src_paths: list[str]) -> None:
    """Take pages this build does not publish (another audience's) out of MkDocs' files."""
    for src in src_paths:
        for name in {src, page_src_uri(src)}:
            file = files.get_file_from_path(name)
            if file is not None:
                files.remove(file)


def add_generated_pages(files: Files, pages: list[GeneratedPage], config, cache_dir: Path | None = None) -> dict[str, tuple[dict, str]]:
    """Add generated pages as virtual files; returns each in-memory one's front matter and body by
    source URI (what MkDocs' parse of its text gives: ``page_meta.read_generated``).

    With ``cache_dir`` (live preview) each page is written there and rewritten only when its text
    changes, so MkDocs' dirty rebuild renders only the listings an edit actually changed.
    """
    parsed: dict[str, tuple[dict, str]] = {}
    taken = {f.url for f in files.documentation_pages()}
    for gp in pages:
        if files.get_file_from_path(gp.src_uri) is not None:
            log.debug("%s exists in the content folder; keeping it instead of the generated page", gp.src_uri)
            continue
        meta = {"title": gp.title, "lang": gp.lang, **gp.meta}
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + gp.markdown
        if cache_dir is None:
            file = File.generated(config, gp.src_uri, content=text)
        else:
            path = cache_dir / gp.src_uri
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            file = File.generated(config, gp.src_uri, abs_src_path=str(path))
        if file.url in taken:
            continue
        taken.add(file.url)
        files.append(file)
        if cache_dir is None:
            parsed[gp.src_uri] = (meta, gp.markdown)
    return parsed


def by_source(files: Files, by_src: dict[str, Page]) -> dict[str, File | None]:
    """Source path -> MkDocs File, for URLs: our pages also under their own source path, since
    extension-less and FAQ pages are published under another name."""
    found: dict[str, File | None] = {f.src_uri: f for f in files}
    for src, page in by_src.items():
        if src != page.src_path:
            found[page.src_path] = found.get(src)
    return found


def converted_pages(files: Files, by_src: dict[str, Page]) -> Iterator[tuple[Page, str, str, str, str | None]]:
    """Our pages as converted (page, output path, title, HTML, the key of the build cache's conversion
    it is, or None): what the static search indexes."""
    for f in files.documentation_pages():
        if f.src_uri in by_src and f.page is not None and f.page.content is not None:
            converted = getattr(f.page, "_kb_converted", None)  # (HTML, key): set by build_cache.py
            key = converted[1] if converted is not None and converted[0] is f.page.content else None
            yield by_src[f.src_uri], f.dest_uri, by_src[f.src_uri].title, f.page.content, key
