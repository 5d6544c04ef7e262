"""A page as read from its file, and what reading it reported, as JSON for the build cache
(generator/build/cache.py): parsing 5,000 files' front matter and scanning their bodies was a
sixth of the rebuild after a one-page edit, for files that had not changed.

Only plain data and the model's own value types are stored; a page holding anything else (a YAML
set, a key that is not a string) is not stored, and is read from its file every build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from .diagnostics import Diagnostic
from .markdown_scan import Heading, Link
from .model import Page
from .versions import Version, VersionRange

TAG = "$"  # marks a value that JSON has no type for; a front-matter key spelled so is not stored


class Unstorable(Exception):
    """The page holds a value this module cannot write as JSON and read back the same."""


def to_json(page: Page, diagnostics: list[Diagnostic]) -> Any:
    fields = _fields(page)
    # Which fields hold a tagged value: the others are taken as JSON gives them back (walking every
    # value of 5,000 pages for tags was most of reading them from the cache).
    tagged = [name for name, value in fields.items() if _holds_tag(value)]
    return {"page": fields, "tagged": tagged, "diagnostics": [_fields(d) for d in diagnostics]}


def from_json(value: Any) -> tuple[Page, list[Diagnostic]]:
    fields = value["page"]
    for name in value["tagged"]:
        fields[name] = _decode(fields[name])
    return Page(**fields), [Diagnostic(**d) for d in value["diagnostics"]]


def _holds_tag(value: Any) -> bool:
    if isinstance(value, dict):
        return TAG in value or any(_holds_tag(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_tag(v) for v in value)
    return False


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        if not -(2**63) <= value < 2**64:  # the cache's JSON (orjson) holds 64-bit integers
            raise Unstorable("an integer beyond 64 bits")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):  # JSON has no NaN or infinity
            raise Unstorable("a float JSON cannot hold")
        return value
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) and k != TAG for k in value):
            raise Unstorable("a mapping key JSON cannot hold")
        return {k: _encode(v) for k, v in value.items()}
    # datetime before date: a datetime is a date too
    if isinstance(value, dt.datetime):
        return {TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {TAG: "date", "v": value.isoformat()}
    if isinstance(value, (Version, VersionRange)):  # each parses again from the text it was parsed from
        return {TAG: type(value).__name__, "v": value.text}
    if isinstance(value, (Heading, Link)):
        return {TAG: type(value).__name__, "v": _fields(value)}
    raise Unstorable(f"a {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    kind = value.get(TAG)
    if kind is None:
        return {k: _decode(v) for k, v in value.items()}
    text = value["v"]
    if kind == "datetime":
        return dt.datetime.fromisoformat(text)
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "Version":
        return Version.parse(text)
    if kind == "VersionRange":
        return VersionRange.parse(text)
    if kind == "Heading":
        return Heading(**text)
    if kind == "Link":
        return Link(**text)
    raise ValueError(f"unknown stored value {kind!r}")
