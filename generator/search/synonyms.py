"""Query-time synonyms from ``<content root>/synonyms.yml`` (a YAML list of lists).

A group is kept as analyzed term tuples, so "single sign-on" matches however the query spells or
inflects it, and expansion works on terms rather than raw strings.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .analysis import terms

SYNONYMS_FILE = "synonyms.yml"


def read_groups(root: Path) -> list[list[str]]:
    path = Path(root) / SYNONYMS_FILE
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of lists like '- [SSO, single sign-on, 单点登录]'")
    return [[str(x) for x in group] for group in data if isinstance(group, list) and len(group) > 1]


class Synonyms:
    def __init__(self, groups: list[list[str]]):
        self.groups = groups
        # each phrase (as terms) -> the other phrases of its groups
        self._alts: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for group in groups:
            phrases = [tuple(terms(p)) for p in group]
            phrases = [p for p in phrases if p]
            for p in phrases:
                alts = self._alts.setdefault(p, [])
                alts.extend(q for q in phrases if q != p and q not in alts)
        self.longest = max((len(p) for p in self._alts), default=0)

    def expand(self, qterms: list[str]) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
        """Split the query into slots: (terms the user typed, alternative phrases), longest match first."""
        slots = []
        i = 0
        while i < len(qterms):
            for n in range(min(self.longest, len(qterms) - i), 0, -1):
                key = tuple(qterms[i : i + n])
                if key in self._alts:
                    slots.append((key, self._alts[key]))
                    i += n
                    break
            else:
                slots.append(((qterms[i],), []))
                i += 1
        return slots
