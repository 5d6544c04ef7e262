"""The only module that touches whoosh (PyPI ``whoosh-reloaded``): the index format, writing one
build, and reading it back (postings, stored fields, spelling suggestions, Porter stems).

Three reads and one write go through whoosh internals because the public calls cost several Python calls per
posting or per field; each is checked against the public API by ``tests/search/test_store.py``,
so an upgrade that changes them fails there instead of silently returning other results:

* ``_read_postings``: a posting matcher's decoded block arrays (``_ids``, ``_weights``, ``_i``,
  ``_next_block``) instead of ``id()``/``weight()``/``next()`` per posting (2x on common words);
* ``Index.stored``: the segment's per-document columns (``reader._perdoc.stored_fields``) instead of
  ``reader.stored_fields``, which re-checks every field name against the schema;
* ``FrequencyCorrector._suggestions``: ``ListCorrector``'s candidate walk, re-scored by how many
  pages use each word;
* ``_flush_with_column_lengths``: the segment flush reads each field's length column once instead
  of decoding one length from the file per posting (a quarter of whoosh's writing time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import fields, formats
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.lang.porter import stem as porter_stem
from whoosh.spelling import ListCorrector
from whoosh.system import pack_uint

__all__ = ["FrequencyCorrector", "Index", "make_schema", "porter_stem", "write_index"]


class PreparedText(fields.TEXT):  # type: ignore[misc]  # whoosh ships no type information
    """A TEXT field fed with ``{term: freq}`` (or a list of terms, see ``analysis``), so whoosh
    never re-tokenizes: indexing cost is one dict walk per field. Frequencies without positions
    keep postings small (queries never need phrases: they are built from analyzed terms)."""

    def __init__(self, stored: bool = False) -> None:
        super().__init__(stored=stored, phrase=False)
        self.format = formats.Frequency()

    def index(self, value: dict[str, int] | Iterable[str], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
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


def write_index(directory: Path, docs: Iterable[dict[str, Any]]) -> None:
    """Write one index with ``docs`` (``add_document`` keyword dicts) into the empty ``directory``."""
    ix = whoosh_index.create_in(str(directory), make_schema())
    # One big in-memory pool means one segment and no merge pass; 5,000 pages need far less.
    writer = ix.writer(limitmb=512)
    writer._flush_segment = _flush_with_column_lengths(writer)
    try:
        for d in docs:
            writer.add_document(**d)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _flush_with_column_lengths(writer: Any) -> Callable[[], None]:
    """whoosh's ``SegmentWriter._flush_segment``, with the per-document reader it hands the
    postings writer answering field lengths from whole columns read once per field: whoosh asks
    it for one document's length on every posting (some 240,000 reads of the length file at
    1,000 pages), to keep each term's shortest and longest document."""

    def flush() -> None:
        writer.perdocwriter.close()
        pdr = writer.per_document_reader() if writer.codec.length_stats else None
        lengths = _ColumnLengths(pdr) if pdr is not None else None
        writer.fieldwriter.add_postings(writer.schema, lengths, writer.pool.iter_postings())
        writer.fieldwriter.close()
        if pdr is not None:
            pdr.close()

    return flush


class _ColumnLengths:
    """A per-document reader's ``doc_field_length``, each field's values read on first use."""

    def __init__(self, pdr: Any) -> None:
        self._pdr = pdr
        self._columns: dict[str, list[int | None]] = {}

    def doc_field_length(self, docnum: int, fieldname: str) -> int | None:
        column = self._columns.get(fieldname)
        if column is None:
            read = self._pdr.doc_field_length
            column = self._columns[fieldname] = [read(d, fieldname) for d in range(self._pdr.doc_count_all())]
        return column[docnum]


class Index:
    """One opened index build, read-only and thread-safe for reads."""

    def __init__(self, directory: Path) -> None:
        self._searcher = whoosh_index.open_dir(str(directory)).searcher()
        self._reader = self._searcher.reader()
        perdoc = getattr(self._reader, "_perdoc", None)
        self.stored: Callable[[int], dict[str, Any]] = getattr(perdoc, "stored_fields", None) or self._reader.stored_fields

    @property
    def doc_count(self) -> int:
        """Document numbers run from 0 to ``doc_count - 1``."""
        count: int = self._reader.doc_count_all()
        return count

    def iter_docs(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(docnum, stored fields) of every document."""
        docs: Iterator[tuple[int, dict[str, Any]]] = self._reader.iter_docs()
        return docs

    def field_lengths(self, field: str) -> list[int]:
        """The number of terms of ``field`` in each document, by docnum."""
        return [self._reader.doc_field_length(d, field, 0) or 0 for d in range(self.doc_count)]

    def common_terms(self, field: str, number: int) -> list[str]:
        """The ``number`` terms of ``field`` with the most occurrences, most first."""
        terms = self._reader.most_frequent_terms(field, number)
        return [text.decode("utf-8") if isinstance(text, bytes) else text for _, text in terms]

    def doc_frequency(self, field: str, term: str) -> int:
        count: int = self._reader.doc_frequency(field, term)
        return count

    def postings(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """(docnums ascending, term frequencies) of ``term`` in ``field``; empty when absent."""
        try:
            m = self._reader.postings(field, term)
        except Exception:  # whoosh raises TermNotFound
            return [], []
        return _read_postings(m)

    def more_like(self, terms: dict[str, float], allowed: set[int], limit: int) -> list[int]:
        """Docnums among ``allowed`` best matching weighted ``terms`` in body and title (whoosh's
        own BM25F), for pages whose key terms meet no other page's."""
        if not terms or not allowed:  # whoosh reads an empty filter as "no filter"
            return []
        q = Q.Or([Q.Term("body", t, boost=w) for t, w in terms.items()] + [Q.Term("title", t, boost=2 * w) for t, w in terms.items()])
        return [hit.docnum for hit in self._searcher.search(q, limit=limit, filter=allowed)]

    def close(self) -> None:
        try:
            self._searcher.close()
        except Exception:  # noqa: BLE001 - closing a searcher another thread may still use
            pass


def _read_postings(m: Any) -> tuple[list[int], list[float]]:
    """(docnums, weights) of a fresh posting matcher. whoosh's own file format decodes a whole
    block of postings at once: take each block's arrays instead of three Python calls per
    posting (2x faster for a word on thousands of pages). Any other matcher: one by one."""
    ids: list[int] = []
    tfs: list[float] = []
    if all(hasattr(m, a) for a in ("_ids", "_weights", "_i", "_next_block")):
        while m.is_active():
            m.id()  # decodes the block's ids (m._ids) ...
            m.weight()  # ... and weights (m._weights)
            ids.extend(m._ids[m._i:])
            tfs.extend(m._weights[m._i:])
            m._next_block()
        return ids, tfs
    while m.is_active():
        ids.append(m.id())
        tfs.append(m.weight())
        m.next()
    return ids, tfs


class FrequencyCorrector(ListCorrector):  # type: ignore[misc]  # whoosh ships no type information
    """whoosh's list corrector, ranking equally distant words by how many pages use them."""

    def __init__(self, freqs: dict[str, int]) -> None:
        # whoosh's list walker (ListCorrector.Skipper) steps past the list's first word before
        # looking: a "" in front (never a suggestion: suggest() is called with prefix=1) keeps it.
        super().__init__(["", *sorted(freqs)])
        self.freqs = freqs

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        if not self.freqs:
            return  # whoosh's list walker indexes past the end of an empty list (an all-Chinese site)
        for score, word in super()._suggestions(text, maxdist, prefix):
            f = self.freqs.get(word, 1)
            yield score + f / (f + 1.0) * 0.5, word
