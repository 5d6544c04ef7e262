"""Split a Markdown file into front matter and body, keeping line numbers for error messages.

YAML (``---``) is our own format; TOML (``+++``, Hugo/Zola) appears in content written elsewhere.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import safe_yaml


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    body: str = ""
    body_line: int = 1  # the file line on which ``body`` starts
    fmt: str = "none"  # "yaml", "toml" or "none"

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1 if self.fmt != "none" else 0)


# Front matter is a few dozen lines; a megabyte of it is a mistake or an attack, and every key of it
# would be validated and reported on.
MAX_FRONT_MATTER_LINES = 1_000

_FENCES = {"---": "yaml", "+++": "toml"}


def split(text: str) -> FrontMatter:
    """Parse ``text``; raise FrontMatterError with the file line of a syntax error."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines:
        return FrontMatter()
    fence = lines[0].strip()
    fmt = _FENCES.get(fence)
    if fmt is None:
        return FrontMatter(body=text)
    closing = {"---": ("---", "..."), "+++": ("+++",)}[fence]
    for end in range(1, len(lines)):
        if lines[end].strip() in closing:
            break
    else:
        raise FrontMatterError(1, f"front matter opened with '{fence}' on line 1 is never closed; add a '{fence}' line after it")
    if end > MAX_FRONT_MATTER_LINES:
        raise FrontMatterError(1, f"front matter runs for {end - 1:,} lines; the limit is {MAX_FRONT_MATTER_LINES:,} (was the closing '{fence}' forgotten?)")
    raw = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    if fmt == "yaml":
        data, key_lines = parse_yaml(raw)
    else:
        data, key_lines = _parse_toml(raw)
    return FrontMatter(data=data, key_lines=key_lines, body=body, body_line=end + 2, fmt=fmt)


def parse_yaml(raw: str, first_line: int = 2) -> tuple[dict[str, Any], dict[str, int]]:
    """A YAML mapping and the file line of each top-level key; ``raw`` starts on ``first_line``
    (2 for front matter: line 1 is the opening '---')."""
    loader = safe_yaml.SafeLoader(raw)
    loader.line_offset = first_line
    try:
        node = safe_yaml.compose(loader)
        data = loader.construct_document(node) if node is not None else None
    except safe_yaml.LimitError as exc:
        line = (exc.problem_mark.line + first_line) if exc.problem_mark else 1  # every LimitError has its mark
        raise FrontMatterError(line, f"front matter: {exc.problem}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed [ or { is reported where the parser gave up; the author needs where it opened.
        if exc.context_mark and exc.context and "flow" in exc.context:
            mark = exc.context_mark
        line = (mark.line + first_line) if mark else 1
        problem = exc.problem or str(exc)
        if mark and _indented_with_tab(raw, mark.line):
            problem = "a tab is used for indentation; YAML indents with spaces only"
        raise FrontMatterError(line, f"front matter is not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (ESC, NUL, ...)
        line = raw[: exc.position].count("\n") + first_line
        raise FrontMatterError(line, f"front matter holds the control character U+{exc.character:04X}, which YAML does not allow") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no position
        raise FrontMatterError(1, f"front matter is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be a mapping of 'key: value' lines")
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + first_line
    return {str(k): v for k, v in data.items()}, key_lines


def _indented_with_tab(raw: str, line: int) -> bool:
    lines = raw.splitlines()
    if not 0 <= line < len(lines):
        return False
    text = lines[line]
    return "\t" in text[: len(text) - len(text.lstrip(" \t"))]


_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=")


def _parse_toml(raw: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) + 1 if m else 1
        raise FrontMatterError(line, f"front matter is not valid TOML: {exc}") from None
    key_lines: dict[str, int] = {}
    for i, text in enumerate(raw.splitlines(), start=2):
        m = _TOML_KEY.match(text)
        if m and m.group(1) not in key_lines:
            key_lines[m.group(1)] = i
    return data, key_lines
