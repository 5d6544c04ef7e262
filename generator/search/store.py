"""The only module that touches whoosh (PyPI ``whoosh-reloaded``): the index format, writing one
build, and reading it back (postings, stored fields, Porter stems).

Two reads and one write go through whoosh internals because the public calls cost several Python calls per
posting or per field; each is checked against the public API by ``tests/search/test_store.py``,
so an upgrade that changes them fails there instead of silently returning other results:

* ``_read_postings``: a posting matcher's decoded block arrays (``_ids``, ``_weights``, ``_i``,
  ``_next_block``) instead of ``id()``/``weight()``/``next()`` per posting (2x on common words);
* ``Index.stored``: the segment's per-document columns (``reader._perdoc.stored_fields``) instead of
  ``reader.stored_fields``, which re-checks every field name against the schema;
* ``_flush_with_column_lengths``: the segment flush reads each field's length column once instead
  of decoding one length from the file per posting (a quarter of whoosh's writing time), fills
  the postings writer's blocks a term at a time (``_add_postings``), and counts the postings and
  term files' positions instead of asking the system (``_Positioned``);
* ``write_index``: the text fields' postings are gathered by term (``_TextPostings``) instead of
  going through whoosh's pool one by one and being sorted (half of the rest); the pool's ``add``
  is its list's append. Neither postings nor stored fields are compressed (``_store_uncompressed``).

``tests/search/test_store.py`` compares every term's postings, with their blocks' statistics,
every stored field and length, with what whoosh's own writer writes.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from whoosh import columns, fields, formats
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, _lenfield
from whoosh.filedb.structfile import StructFile
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

__all__ = ["Index", "make_schema", "porter_stem", "write_index"]


class PreparedText(fields.TEXT):  # type: ignore[misc]  # whoosh ships no type information
    """A TEXT field fed with ``{term: freq}`` (or a list of terms, see ``analysis``), so whoosh
    never re-tokenizes: indexing cost is one dict walk per field. Frequencies without positions
    keep postings small (queries never need phrases: they are built from analyzed terms)."""

    def __init__(self, stored: bool = False) -> None:
        super().__init__(stored=stored, phrase=False)
        self.format = formats.Frequency()

    def index(self, value: dict[str, int] | Iterable[str], **kwargs: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
        value = _counts(value)
        # whoosh walks these per posting: built by C-level maps rather than a generator's frames
        freqs = value.values()
        return zip(map(str.encode, value), freqs, map(float, freqs), map(pack_uint, freqs))


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
    # Neither postings nor stored fields are compressed (whoosh's zlib level 3 for both): compressing
    # was a quarter of writing an index (0.5 of 2.1 s at 5,000 pages; the index process is the end
    # of a rebuild), and every query then decompressed again. The index is 2.5 times as big (41 MB
    # against 16 at 5,000 pages). Both stay readable by any whoosh: each block and each stored value
    # says how it was written.
    # compound=False: the segment's files stay apart rather than being copied into one (41 MB written
    # and read again at 5,000 pages, ~0.1 s of every build's index process); whoosh reads either.
    writer = ix.writer(limitmb=512, codec=W3Codec(compression=0), compound=False)
    _store_uncompressed(writer.perdocwriter)
    text = _TextPostings([name for name, field in writer.schema.items() if isinstance(field, PreparedText)])
    writer._flush_segment = _flush_with_column_lengths(writer, text)
    pool = writer.pool
    pool.add = pool.current.append  # see _spill
    for name in text.fields:  # see _TextPostings
        writer.schema[name].index = _length_only
    try:
        for d in docs:
            text.add(writer.docnum, d)
            writer.add_document(**d)
            if len(pool.current) >= MAX_POOLED:
                _spill(pool)
        for name in text.fields:  # the schema is saved with the index: as make_schema() made it
            del writer.schema[name].index
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _store_uncompressed(perdoc: Any) -> None:
    """The stored-fields column written with zlib's level 0 (kept as it is, in zlib's framing, which
    whoosh's reader unpacks as it unpacks any level)."""
    column = perdoc._get_column("_stored")
    child = getattr(column, "_child", None)
    if not isinstance(child, columns.CompressedBytesColumn.Writer):
        raise TypeError(f"whoosh's writer changed: the stored fields' column is {type(child).__name__}")
    child._level = 0


def _counts(value: dict[str, int] | Iterable[str]) -> dict[str, int]:
    if isinstance(value, dict):
        return value
    counts: dict[str, int] = {}
    for t in value:
        counts[t] = counts.get(t, 0) + 1
    return counts


def _length_only(value: dict[str, int] | Iterable[str], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
    """``PreparedText.index`` while ``write_index`` adds documents: one item carrying the field's
    length (whoosh sums the items' frequencies into it), under a term the flush leaves out."""
    total = sum(_counts(value).values())
    if total:
        yield b"", total, float(total), b""


class _TextPostings:
    """The postings of the ``PreparedText`` fields, gathered term by term as documents are added.

    whoosh's writer takes a document's terms one posting at a time into its pool (a Python loop
    per posting), sorts the whole pool (1.2 million tuples at 5,000 pages) and the flush groups
    it back by term; here each posting is one append to its term's lists, and only the terms are
    sorted. Documents still go through ``add_document`` for their stored fields and lengths, with
    the text fields' ``index`` answering only their length (``_length_only``)."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self.terms: dict[str, dict[str, tuple[list[int], list[int]]]] = {name: {} for name in fields}
        self.boosts: dict[tuple[int, str], float] = {}  # (docnum, field) -> a boost other than 1 (whoosh's _boost keys)

    def add(self, docnum: int, doc: dict[str, Any]) -> None:
        for name in self.fields:
            value = doc.get(name)
            if value is None:
                continue
            boost = float(doc[f"_{name}_boost"]) if f"_{name}_boost" in doc else float(doc["_boost"]) if "_boost" in doc else 1.0
            if boost != 1.0:
                self.boosts[docnum, name] = boost
            terms = self.terms[name]
            for term, freq in _counts(value).items():
                found = terms.get(term)
                if found is None:
                    found = terms[term] = ([], [])
                found[0].append(docnum)
                found[1].append(freq)

    def groups(self) -> Iterator[tuple[str, bytes, list[int], list[float], list[bytes]]]:
        """(field, term, docnums, weights, values) in the order whoosh writes them: by field name,
        then by term (UTF-8 bytes sort as code points, so as the str do)."""
        for name in sorted(self.fields):
            terms = self.terms[name]
            for term in sorted(terms):
                ids, freqs = terms[term]
                if self.boosts:
                    weights = [float(f) * self.boosts.get((d, name), 1.0) for d, f in zip(ids, freqs)]
                else:
                    weights = list(map(float, freqs))
                yield name, term.encode("utf-8"), ids, weights, list(map(pack_uint, freqs))


# Postings held in memory before the pool sorts them into a run on disk: whoosh's own pool
# estimates ~160 bytes a posting, so this is about its 512 MB limit. Only the fields that are not
# PreparedText go through the pool now (a few postings a page).
MAX_POOLED = 3_000_000


def _spill(pool: Any) -> None:
    """whoosh's pool checks its size estimate on every posting it is given (``PostingPool.add``);
    ``write_index`` makes the pool's ``add`` the append of its list and checks the count between
    documents instead, spilling a sorted run as whoosh's pool does."""
    pool.save()
    pool.add = pool.current.append


def _flush_with_column_lengths(writer: Any, text: _TextPostings) -> Callable[[], None]:
    """whoosh's ``SegmentWriter._flush_segment``, with the per-document reader it hands the
    postings writer answering field lengths from whole columns read once per field: whoosh asks
    it for one document's length on every posting (some 240,000 reads of the length file at
    1,000 pages), to keep each term's shortest and longest document. The postings go to the
    field writer a term at a time (``_add_postings``): the pool's, merged with ``text``'s."""

    def flush() -> None:
        writer.perdocwriter.close()
        pdr = writer.per_document_reader() if writer.codec.length_stats else None
        lengths = _ColumnLengths(pdr) if pdr is not None else None
        if not isinstance(writer.fieldwriter, W3FieldWriter):
            raise TypeError(f"whoosh's writer changed: {type(writer.fieldwriter).__name__} is not W3FieldWriter")
        groups = heapq.merge(_pool_groups(writer.pool.iter_postings(), set(text.fields)), text.groups(), key=_FIELD_AND_TERM)
        _positioned(writer.fieldwriter._postfile)
        _positioned(writer.fieldwriter._tindex.dbfile)
        _add_postings(writer.fieldwriter, writer.schema, lengths, groups)
        writer.fieldwriter.close()
        if pdr is not None:
            pdr.close()

    return flush


_FIELD_AND_TERM = itemgetter(0, 1)


def _pool_groups(items: Iterable[tuple[str, bytes, int, float, bytes | None]],
                 left_out: set[str]) -> Iterator[tuple[str, bytes, list[int], list[float], list[bytes]]]:
    """The pool's sorted postings as (field, term, docnums, weights, values), but for ``left_out`` fields."""
    for (fieldname, btext), group in groupby(items, key=_FIELD_AND_TERM):
        if fieldname in left_out:
            continue
        posts = [p for p in group if p[2] != -1]  # -1: a spelling word, which whoosh skips too
        if posts:
            yield fieldname, btext, [p[2] for p in posts], [p[3] for p in posts], [p[4] or b"" for p in posts]


def _add_postings(fw: Any, schema: fields.Schema, lengths: _ColumnLengths | None,
                  groups: Iterable[tuple[str, bytes, list[int], list[float], list[bytes]]]) -> None:
    """``FieldWriter.add_postings`` for whoosh's own format, filling the postings writer's block
    buffers a block at a time with what its ``add_posting`` adds one posting at a time (docnums,
    weights, values; the block's top weight, shortest and longest document). ``groups`` come in
    whoosh's order (field, then term; docnums ascending), so its order checks are left out."""
    field = None
    column = None
    for fieldname, btext, ids, weights, values in groups:
        if fieldname != field:
            if field is not None:
                fw.finish_field()
            fw.start_field(fieldname, schema[fieldname])
            field = fieldname
            column = lengths.column(fieldname) if lengths is not None else None
        fw.start_term(btext)
        pw = fw._postwriter
        limit = pw._blocklimit
        for start in range(0, len(ids), limit):
            if start:
                pw._write_block()  # add_posting writes a full block when the next posting comes
            end = start + limit
            chunk_ids, chunk_weights = ids[start:end], weights[start:end]
            pw._ids.extend(chunk_ids)
            pw._weights.extend(chunk_weights)
            top = max(chunk_weights)
            if top > pw._maxweight:
                pw._maxweight = top
            pw._values.extend([v for v in values[start:end] if v])
            if column is not None:
                known = [n for n in map(column.__getitem__, chunk_ids) if n]
                if known:
                    shortest, longest = min(known), max(known)
                    if pw._minlength is None or shortest < pw._minlength:
                        pw._minlength = shortest
                    if longest > pw._maxlength:
                        pw._maxlength = longest
        fw.finish_term()
    if field is not None:
        fw.finish_field()


class _ColumnLengths:
    """A per-document reader's field lengths, each field's column read once, on first use."""

    def __init__(self, pdr: Any) -> None:
        self._pdr = pdr
        self._columns: dict[str, list[int | None]] = {}

    def column(self, fieldname: str) -> list[int | None]:
        column = self._columns.get(fieldname)
        if column is None:
            count = self._pdr.doc_count_all()
            if not self._pdr.has_column(_lenfield(fieldname)):
                # A field without lengths (ids, keywords): whoosh looks for the file on every read.
                column = self._columns[fieldname] = [0] * count
            else:
                read = self._pdr.doc_field_length
                column = self._columns[fieldname] = [read(d, fieldname) for d in range(count)]
        return column


class _Positioned:
    """A file written front to back that answers ``tell`` from the bytes written: whoosh asks for
    its position at every term and block (~60,000 times at 5,000 pages), and a buffered file's
    ``tell`` is a system call each time (a tenth of writing an index)."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self._position: int = file.tell()

    def write(self, data: Any) -> int:
        written: int = self._file.write(data)
        self._position += written
        return written

    def tell(self) -> int:
        return self._position

    def seek(self, *args: Any) -> int:
        found: int = self._file.seek(*args)
        self._position = self._file.tell()
        return found

    def __getattr__(self, name: str) -> Any:  # flush, close, fileno ...
        return getattr(self._file, name)


def _positioned(structfile: Any) -> None:
    if not isinstance(structfile, StructFile) or not hasattr(structfile.file, "tell"):
        raise TypeError(f"whoosh's writer changed: {type(structfile).__name__} is not a StructFile")
    structfile.file = _Positioned(structfile.file)


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
