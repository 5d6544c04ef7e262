"""DocFX ``### YamlMime:FAQ`` files (Microsoft Learn FAQ pages) -> one Markdown FAQ page.

The answers are already Markdown; the page is the title, the summary, then each question as an H2 so
it gets an anchor and a table-of-contents entry. Run the result through ``translate()`` like any page:
answers use DocFX alerts too.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..content import safe_yaml

MIME = "### YamlMime:FAQ"


def is_faq(text: str) -> bool:
    return text.lstrip("\ufeff").startswith(MIME)


def faq_to_markdown(text: str) -> tuple[str, str]:
    """Return (title, markdown). Raise ValueError when ``text`` is not a YamlMime:FAQ document."""
    if not is_faq(text):
        raise ValueError(f"not a DocFX FAQ file: it must start with '{MIME}'")
    try:
        data = safe_yaml.load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"FAQ file is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("FAQ file must be a mapping with 'title' and 'sections'")
    metadata = data.get("metadata")
    meta = metadata if isinstance(metadata, dict) else {}
    title = _text(data.get("title") or meta.get("title") or "FAQ").strip()
    parts = [f"# {title}"]
    summary = _text(data.get("summary")).strip()
    if summary:
        parts.append(summary)
    for section in _list(data.get("sections")):
        for qa in _list(section.get("questions") if isinstance(section, dict) else None):
            if not isinstance(qa, dict):
                continue
            question = " ".join(_text(qa.get("question")).split())
            answer = _text(qa.get("answer")).strip()
            if question:
                parts.append(f"## {question}")
            if answer:
                parts.append(answer)
    return title, "\n\n".join(parts) + "\n"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
