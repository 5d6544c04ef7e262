"""Problems found in content, reported like a compiler: ``path:line: severity: message``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from .untrusted_text import escape_controls

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the content folder, posix separators
    line: int  # 1-based; 0 when the problem concerns the whole file
    severity: Severity
    code: str  # stable short name, e.g. "unknown-tag"; used to collapse repeats and in JSON output
    message: str

    def format(self) -> str:
        """One line, whatever the path and message hold (control characters are escaped)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return escape_controls(f"{where}: {self.severity}: {self.message} [{self.code}]")


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics with helpers for the CLI and the build log."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(path, line, "error", code, message))

    def warning(self, path: str, line: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(path, line, "warning", code, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line, d.code, d.message))

    def collapsed(self, keep_per_code: int = 5) -> tuple[list[Diagnostic], list[str]]:
        """The first few diagnostics of each code, plus one summary line per code that had more.

        Builds over thousands of foreign files repeat the same warning hundreds of times; the summary
        keeps the log readable while still naming where to look first.
        """
        shown: list[Diagnostic] = []
        seen: Counter[str] = Counter()
        for d in self.sorted():
            seen[d.code] += 1
            if seen[d.code] <= keep_per_code:
                shown.append(d)
        summary = [
            f"... and {n - keep_per_code} more '{code}' warnings like these"
            for code, n in sorted(seen.items())
            if n > keep_per_code
        ]
        return shown, summary
