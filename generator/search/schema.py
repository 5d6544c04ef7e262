"""The whoosh schema. Text fields take terms we analyzed ourselves (see ``analysis``).

``PreparedText`` indexes a ``{term: frequency}`` mapping directly, so whoosh never re-tokenizes:
indexing cost is one dict walk per field. Frequencies without positions keep postings small; we
never run phrase queries (queries are built from analyzed terms, see ``query``).
"""

from __future__ import annotations

from whoosh import fields, formats
from whoosh.system import pack_uint

# Applied at query time as term boosts; fitted on the tuning half of bench/queries (bench/search_tune.py,
# docs/search.md): title and tags twice the body, headings as the body.
BOOSTS = {"title": 2.0, "tags": 2.0, "headings": 1.0, "body": 1.0}
TEXT_FIELDS = tuple(BOOSTS)
SCHEMA_VERSION = 1


class PreparedText(fields.TEXT):
    """A TEXT field fed with ``{term: freq}`` (or a list of terms) instead of a string."""

    def __init__(self, stored: bool = False):
        super().__init__(stored=stored, phrase=False)
        self.format = formats.Frequency()

    def index(self, value, **kwargs):
        if isinstance(value, str):
            from .analysis import terms

            value = terms(value)
        if not isinstance(value, dict):
            counts: dict[str, int] = {}
            for t in value:
                counts[t] = counts.get(t, 0) + 1
            value = counts
        for term, freq in value.items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        lang=fields.ID(stored=True),
        category=fields.ID(stored=True),
        tag=fields.KEYWORD(stored=True, commas=True, lowercase=False),  # tag keys, for filters/facets
        versions=fields.STORED(),  # release version / applies_to range text, filtered in Python
        date=fields.ID(stored=True),
        url=fields.STORED(),
        source=fields.STORED(),
        translation=fields.STORED(),  # ids of the page's translations, for related articles
        sections=fields.STORED(),  # [(title, anchor, level, start)] into the stored body
        keyterms=fields.STORED(),  # the page's most distinctive terms, for more-like-this
        title=PreparedText(stored=True),
        tags=PreparedText(stored=True),  # tag keys + titles + synonyms, as text
        headings=PreparedText(),
        body=PreparedText(stored=True),
    )
