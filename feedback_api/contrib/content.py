"""What the service reads from the content folder (``KB_CONTENT_DIR``): an article's Markdown
for "Suggest an edit", and the categories and tags a new article may use.

The manifest's ``source`` is relative to the content folder; a path that would leave it (a
tampered manifest) is refused rather than read.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.diagnostics import Diagnostics
from generator.content.frontmatter import FrontMatterError, split
from generator.content.taxonomy import load_taxonomy


class SourceUnavailable(LookupError):
    pass


def source_file(content_dir: Path, source: str | None) -> Path:
    if not source:
        raise SourceUnavailable("the manifest names no source file for this page")
    root = content_dir.resolve()
    path = (root / source).resolve()
    if root not in path.parents or path.suffix.lower() not in (".md", ".markdown"):
        raise SourceUnavailable(f"the source path {source!r} is outside the content folder")
    if not path.is_file():
        raise SourceUnavailable(f"{source} is not in the content folder")
    return path


def article_body(content_dir: Path, source: str | None) -> str:
    """The Markdown after the front matter: contributors edit the text, never the metadata."""
    text = source_file(content_dir, source).read_text(encoding="utf-8")
    try:
        return split(text).body.lstrip("\n")
    except FrontMatterError as exc:
        raise SourceUnavailable(f"{source}: {exc.message}") from None


def taxonomy(content_dir: Path):
    # Read per call: the file is small, submissions are rare, and a new category must just work.
    return load_taxonomy(content_dir, Diagnostics())


def known_categories(content_dir: Path) -> dict[str, str]:
    return {key: cat.title_in("en") for key, cat in taxonomy(content_dir).categories.items()}


def resolve_tags(content_dir: Path, names: list[str]) -> tuple[list[str], list[str]]:
    """(canonical tag keys, unknown names); with no tags.yml every tag is unknown."""
    tax = taxonomy(content_dir)
    keys, unknown = [], []
    for name in names:
        key = tax.resolve_tag(name)
        (keys if key else unknown).append(key or name)
    return list(dict.fromkeys(keys)), unknown
