"""The rules `kb check` runs, in order (add one line per new rule)."""

from __future__ import annotations

from typing import Callable

from ..content.diagnostics import Diagnostics
from ..content.model import ContentSet
from ..settings import Settings

Rule = Callable[[ContentSet, Settings, Diagnostics], None]

RULES: list[Rule] = []
