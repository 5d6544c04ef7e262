"""kb/categories.yml and kb/tags.yml: the allowed categories and tags, with zh and en titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics
from .frontmatter import FrontMatterError, parse_yaml
from .model import Category, Tag, Taxonomy

CATEGORIES_FILE = "categories.yml"
TAGS_FILE = "tags.yml"
# Files in a kb/ root that configure the generator and must not be published as site files.
CONFIG_FILES = (CATEGORIES_FILE, TAGS_FILE, "synonyms.yml", "dictionary.txt")


def _localized(value: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value, "zh": value}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"'{key}' must be text or a mapping like {{en: ..., zh: ...}}")


def _read(root: Path, name: str, diags: Diagnostics) -> tuple[dict[str, Any], dict[str, int]]:
    path = root / name
    if not path.exists():
        return {}, {}
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error(name, raw[: exc.start].count(b"\n") + 1, "encoding", f"{name} is not valid UTF-8; save it as UTF-8")
        return {}, {}
    try:
        return parse_yaml(text, first_line=1)
    except FrontMatterError as exc:
        diags.error(name, exc.line, "bad-yaml", exc.message.replace("front matter", name))
        return {}, {}


def load_taxonomy(root: Path, diags: Diagnostics) -> Taxonomy:
    tax = Taxonomy()
    data, lines = _read(root, CATEGORIES_FILE, diags)
    for key, spec in data.items():
        spec = spec or {}
        line = lines.get(key, 1)
        if not isinstance(spec, dict):
            diags.error(CATEGORIES_FILE, line, "bad-category", f"category '{key}' must be a mapping with title, description and order")
            continue
        try:
            title = _localized(spec.get("title"), "title")
            desc = _localized(spec.get("description"), "description")
            order = int(spec.get("order", 100))
        except (ValueError, TypeError) as exc:
            diags.error(CATEGORIES_FILE, line, "bad-category", f"category '{key}': {exc}")
            continue
        missing = [lang for lang in ("en", "zh") if lang not in title]
        if missing:
            diags.warning(CATEGORIES_FILE, line, "category-title", f"category '{key}' has no title in {', '.join(missing)}")
        tax.categories[key] = Category(key, title or {"en": key}, desc, order, spec.get("icon"))
    data, lines = _read(root, TAGS_FILE, diags)
    for key, spec in data.items():
        spec = spec or {}
        line = lines.get(key, 1)
        if not isinstance(spec, dict):
            diags.error(TAGS_FILE, line, "bad-tag", f"tag '{key}' must be a mapping with title and synonyms")
            continue
        try:
            title = _localized(spec.get("title", key), "title")
        except ValueError as exc:
            diags.error(TAGS_FILE, line, "bad-tag", f"tag '{key}': {exc}")
            continue
        synonyms = [str(s) for s in spec.get("synonyms") or []]
        tax.tags[key] = Tag(key, title, synonyms)
        for syn in synonyms:
            other = tax.synonym_to_tag.setdefault(syn.lower(), key)
            if other != key:
                diags.error(TAGS_FILE, line, "bad-tag", f"synonym '{syn}' of tag '{key}' already belongs to tag '{other}'")
    for syn, key in tax.synonym_to_tag.items():
        if syn in tax.tags and syn != key:
            diags.error(TAGS_FILE, lines.get(key, 1), "bad-tag", f"synonym '{syn}' of tag '{key}' is itself a tag; remove one of them")
    return tax
