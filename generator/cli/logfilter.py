"""Collapse repeated build warnings: the first few of each kind, then one summary line.

Foreign content can produce the same warning hundreds of times (a missing image in every page);
the log must stay readable while still naming where to look first.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\d+")


class RepeatFilter(logging.Filter):
    def __init__(self, keep: int = 5) -> None:
        super().__init__()
        self.keep = keep
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind = _QUOTED.sub("…", record.getMessage())
        self.counts[kind] += 1
        self.examples.setdefault(kind, kind)
        return self.counts[kind] <= self.keep

    def summary(self) -> list[str]:
        return [f"{n - self.keep} more warnings like: {kind}" for kind, n in self.counts.items() if n > self.keep]
