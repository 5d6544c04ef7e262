"""The text fields and their weights. The whoosh schema itself is ``store.make_schema``; text
fields take terms we analyzed ourselves (see ``analysis``)."""

from __future__ import annotations

# Applied at query time as term boosts; fitted on the tuning half of bench/queries (bench/search_tune.py,
# docs/search.md): title and tags twice the body, headings as the body.
BOOSTS = {"title": 2.0, "tags": 2.0, "headings": 1.0, "body": 1.0}
TEXT_FIELDS = tuple(BOOSTS)
SCHEMA_VERSION = 1
