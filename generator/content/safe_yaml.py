"""YAML for front matter and content-folder files, with the limits hostile content needs.

PyYAML's safe loader is safe from code execution but not from cost or ambiguity: aliases can expand
exponentially ("billion laughs"; the values are shared, but anything that walks or prints them pays
the full size), a repeated key silently keeps the last value, and an impossible date such as
2026-02-30 raises a plain ValueError from deep inside the constructor. This loader turns each of
those into a ``yaml.MarkedYAMLError`` that points at the offending line, like any syntax error.
"""

from __future__ import annotations

import reprlib
from typing import Any

import yaml

# How many values (scalars, lists, mappings) expanding the aliases may add to a document beyond
# those written in it. Real files use a handful of aliases, if any; a bomb adds millions.
MAX_EXPANDED_NODES = 10_000

_REPR = reprlib.Repr()  # bounded however large or deep the value (Python 3.11 takes no arguments)
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 5, 5, 60, 60

# libyaml when present: front matter is parsed for every file on every build.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LimitError(yaml.MarkedYAMLError):
    """A document that parses but breaks one of the limits above (or repeats a key)."""


class SafeLoader(_Base):  # type: ignore[misc, valid-type]
    line_offset = 1  # added to libyaml's 0-based lines in messages; front matter starts on line 2

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                if key in seen:
                    raise LimitError(
                        None, None,
                        f"duplicate key '{shorten(key, 60)}' (first on line {seen[key]}); a key may appear only once",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + self.line_offset
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:  # 2026-02-30, 2026-13-01, 25:00
            raise LimitError(None, None, f"'{shorten(node.value, 40)}' is not a real date or time ({exc})", node.start_mark) from None


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)
SafeLoader.add_constructor("tag:yaml.org,2002:map", SafeLoader.construct_yaml_map)


def compose(loader: SafeLoader) -> yaml.Node | None:
    """The document's node tree, refused if aliases add more than MAX_EXPANDED_NODES values."""
    node: yaml.Node | None = loader.get_single_node()
    if node is not None:
        _check_expansion(node)
    return node


def load(text: str, line_offset: int = 1) -> Any:
    """``yaml.safe_load`` with the limits above."""
    loader = SafeLoader(text)
    loader.line_offset = line_offset
    try:
        node = compose(loader)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node) -> None:
    """Count values as if every alias were copied, without copying: each node's expanded size is
    computed once (aliased nodes are the same object), so a bomb is refused in linear time."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    limit = MAX_EXPANDED_NODES + _distinct(root)  # what is written costs what it costs

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise LimitError(None, None, "an alias refers to the value that contains it (a cycle)", node.start_mark)
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                raise LimitError(
                    None, None,
                    f"aliases expand to more than {MAX_EXPANDED_NODES:,} values beyond those written; write the values out or use fewer aliases",
                    child.start_mark,
                )
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


def _distinct(root: yaml.Node) -> int:
    """How many nodes the document really holds (each aliased node once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return len(seen)


def shorten(value: Any, limit: int = 80) -> str:
    """``value`` as text of at most ``limit`` characters, for messages (never an unbounded repr)."""
    text = value if isinstance(value, str) else _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
