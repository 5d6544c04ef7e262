"""Product versions and version ranges.

Versions follow semantic versioning with pre-releases (``3.2.0-beta.1``) but content written
elsewhere also says ``1.0-alpha2`` or ``1.12``; PEP 440 parsing from ``packaging`` accepts all of
those and orders them the way people expect (1.9 < 1.10, 3.2.0-beta.1 < 3.2.0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion
from packaging.version import Version as _PV

_IN_TEXT = re.compile(r"(?<![\w.])v?(\d+\.\d+(?:\.\d+)?(?:-?(?:alpha|beta|rc|pre)[.\-]?\d*)?)(?![\w])", re.I)


@total_ordering
@dataclass(frozen=True)
class Version:
    text: str  # as the author wrote it, for display
    key: _PV

    @classmethod
    def parse(cls, text: str) -> Version:
        text = str(text).strip()
        try:
            return cls(text.lstrip("vV"), _PV(text))
        except InvalidVersion:
            raise ValueError(f"'{text}' is not a version; write it like 3.2.0 or 3.2.0-beta.1") from None

    @property
    def is_prerelease(self) -> bool:
        return self.key.is_prerelease

    @property
    def minor(self) -> str:
        """'3.2' for 3.2.1 — release notes are grouped by minor version."""
        r = self.key.release
        return f"{r[0]}.{r[1] if len(r) > 1 else 0}"

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.text


def find_version(text: str) -> Version | None:
    """The first version-looking token in a file name or title ('Announcing Rust 1.85.0')."""
    m = _IN_TEXT.search(text)
    if not m:
        return None
    try:
        return Version.parse(m.group(1))
    except ValueError:
        return None


@dataclass(frozen=True)
class VersionRange:
    text: str
    spec: SpecifierSet

    @classmethod
    def parse(cls, text: str) -> VersionRange:
        text = str(text).strip()
        normalized = text
        m = re.fullmatch(r"(\d+(?:\.\d+)*)\s*\+", text)  # "3.1+" reads as ">=3.1"
        if m:
            normalized = f">={m.group(1)}"
        elif re.fullmatch(r"\d+(?:\.\d+)*", text):  # a bare version means exactly that release line
            normalized = f"=={text}.*"
        try:
            return cls(text, SpecifierSet(normalized.replace(" ", ""), prereleases=True))
        except InvalidSpecifier:
            raise ValueError(
                f"'{text}' is not a version range; write it like '>=3.0', '>=3.0,<3.2' or '3.1+'"
            ) from None

    def contains(self, version: Version) -> bool:
        return self.spec.contains(version.key, prereleases=True)

    def __str__(self) -> str:
        return self.text
