"""Who a page credits. ``kb submissions export`` writes each contributor as ``Name (@handle)``
(the handle is their public portal profile's, feedback_api/contrib/profile.py); a name written
by hand without a handle is credited as plain text."""

from __future__ import annotations

import re

# The handle is a URL path segment: lowercase ASCII words joined by hyphens, nothing to escape.
# Not "Name <handle>": front-matter text holds no markup (kb check refuses it, the export rewrites it).
_ENTRY = re.compile(r"^(?P<name>.*?)\s*\(@(?P<handle>[a-z0-9]+(?:-[a-z0-9]+)*)\)$")


def credit(entry: str) -> tuple[str, str | None]:
    """``(name, handle)``; ``handle`` is None for a plain name."""
    entry = str(entry).strip()
    m = _ENTRY.match(entry)
    if m and m.group("name"):
        return m.group("name"), m.group("handle")
    return entry, None


def credits(entries: list[str]) -> list[tuple[str, str | None]]:
    """Each person once (by handle, else by name), in the order first credited."""
    seen: set[str] = set()
    out = []
    for name, handle in map(credit, entries):
        key = handle or name
        if name and key not in seen:
            seen.add(key)
            out.append((name, handle))
    return out
