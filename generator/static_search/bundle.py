"""The static search index: files in ``<site>/static-search/`` that ``theme/assets/kb/search.js``
reads when the search API cannot be reached (a statically hosted help center).

A first query downloads ``meta.json`` (a few hundred bytes), one term shard per query word and the
documents of the results it shows; the results page also reads ``facets.json`` for its filter
counts. Everything is plain JSON that the web server compresses (``kb serve``, nginx's
``gzip_types``), written in a fixed order: the same pages give the same bytes.

* ``meta.json``: the format, the shard count, the number of documents, each language's range of
  document numbers (documents are numbered by language, then URL) and the facet values.
* ``terms/<n>.json``: ``{term: [doc, score, doc, score, ...]}``, documents as gaps from the
  previous one, scores BM25 (title words count five times) in tenths, computed here so the
  browser only adds them up. Shards are cut so that one holds about ``POSTINGS_PER_SHARD``
  postings (``terms.shard_of``).
* ``facets.json``: each document's type and category, as positions in ``meta.json``'s lists.
* ``docs/<n>.json``: one document: URL, title, language, id, type, category, its text (for the
  excerpt) and where its sections start in it (for a link to the section of the first match),
  loaded only for the results shown.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import orjson

from ..build.cache import file_signature
from .terms import count_terms, shard_of
from .text import page_text_and_sections

OUTPUT_SUBDIR = "static-search"
FORMAT = 1
POSTINGS_PER_SHARD = 3000
TITLE_WEIGHT = 5
K1, B = 1.2, 0.75
MAX_TEXT = 20_000  # characters of a page kept for its excerpt


@dataclass
class Document:
    """One page as the index holds it."""

    url: str
    lang: str
    title: str
    text: str
    fields: dict[str, str]  # id, type, category
    counts: dict[str, int]
    length: int
    sections: list[list[str | int]]  # [offset in text, anchor, title] (text.page_text_and_sections)


def document(url: str, lang: str, title: str, html: str, fields: dict[str, str]) -> Document:
    """A page's entry from its converted HTML body (the work that a build cache can keep per page)."""
    text, sections = page_text_and_sections(html)
    counts, length = count_terms(text)
    title_counts, _ = count_terms(title)
    for term, n in title_counts.items():
        counts[term] += n * TITLE_WEIGHT
    return Document(url=url, lang=lang, title=title, text=text[:MAX_TEXT], fields=fields, counts=dict(counts), length=length,
                    sections=[s for s in sections if int(s[0]) < MAX_TEXT])


def _dump(obj: Any) -> bytes:
    """Compact UTF-8 JSON, keys sorted (orjson: thousands of small files, each a json.dumps call before)."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def doc_file(d: Document) -> bytes:
    """The document's ``docs/<n>.json``: what a result shows, loaded only for the results shown."""
    return _dump({"url": d.url, "title": d.title, "lang": d.lang, "text": d.text, **({"sections": d.sections} if d.sections else {}),
                  **{k: v for k, v in d.fields.items() if v}})


def _file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class StaleIndex(Exception):
    """An ``Indexed`` does not hold the document it was told to replace."""


@dataclass
class Indexed:
    """What the index's files are written from, document by document in index order (by language,
    then URL), and each term's postings. The next build patches it when a few pages changed
    (reuse.py) rather than reading and counting every page again."""

    langs: list[str]
    lengths: list[int]
    fields: list[dict[str, str]]
    digests: list[str]  # of each docs/<n>.json
    sizes: list[int]  # bytes of each docs/<n>.json
    # Each term's documents (ascending) and term frequencies (the scores once df is known), as two
    # lists rather than a list of pairs: a million pairs at 5,000 pages were a tuple each.
    postings: dict[str, list[list[int]]]
    # Each docs/<n>.json as the last build left it: [digest, *``file_signature``].
    noted: list[list[Any] | None] = field(default_factory=list)

    @classmethod
    def of(cls, docs: list[Document]) -> tuple[Indexed, list[bytes]]:
        """From documents in index order; with each one's file."""
        postings: dict[str, list[list[int]]] = {}
        for i, d in enumerate(docs):
            for term, tf in d.counts.items():
                found = postings.get(term)
                if found is None:
                    found = postings[term] = [[], []]
                found[0].append(i)
                found[1].append(tf)
        files = [doc_file(d) for d in docs]
        return cls([d.lang for d in docs], [d.length for d in docs], [d.fields for d in docs],
                   [_file_digest(f) for f in files], [len(f) for f in files], postings), files

    def replace(self, i: int, old: Document, new: Document) -> bytes:
        """Document ``i`` becomes ``new`` (same language and URL) where it was ``old``; returns its file."""
        if not 0 <= i < len(self.langs) or not old.lang == new.lang == self.langs[i]:
            raise StaleIndex(f"document {i}")
        for term in old.counts:
            ids, tfs = self.postings.get(term) or ([], [])
            at = bisect_left(ids, i)
            if at == len(ids) or ids[at] != i:
                raise StaleIndex(f"document {i} is not among {term!r}'s")
            del ids[at], tfs[at]
            if not ids:
                del self.postings[term]
        for term, tf in new.counts.items():
            found = self.postings.get(term)
            if found is None:
                found = self.postings[term] = [[], []]
            at = bisect_left(found[0], i)
            found[0].insert(at, i)
            found[1].insert(at, tf)
        file = doc_file(new)
        self.lengths[i], self.fields[i], self.digests[i], self.sizes[i] = new.length, new.fields, _file_digest(file), len(file)
        return file


def write_index(site_dir: Path, documents: Iterable[Document]) -> dict[str, Any]:
    """Write ``site_dir/static-search/`` over the previous index; returns a few figures."""
    ix, files = Indexed.of(sorted(documents, key=lambda d: (d.lang, d.url)))
    return write_indexed(site_dir, ix, files.__getitem__)


def write_indexed(site_dir: Path, ix: Indexed, file_of: Callable[[int], bytes]) -> dict[str, Any]:
    """Write the index ``ix`` describes over the previous one; ``file_of(n)``: document n's file,
    asked for only when the file there does not already hold it (by its digest)."""
    started = time.monotonic()
    n = len(ix.lengths)
    avg = (sum(ix.lengths) / n) if n else 1.0
    total = sum(len(ids) for ids, _ in ix.postings.values())
    shards = max(1, math.ceil(total / POSTINGS_PER_SHARD))
    chunks: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    lengths = [K1 * (1 - B + B * length / (avg or 1.0)) for length in ix.lengths]
    for term, flat in scored_postings(ix.postings, n, lengths):
        chunks[shard_of(term, shards)][term] = flat

    langs: dict[str, list[int]] = {}
    for i, lang in enumerate(ix.langs):
        langs.setdefault(lang, [i, i])[1] = i + 1
    values = {k: sorted({f.get(k, "") for f in ix.fields}) for k in ("type", "category")}
    facets = {k: [values[k].index(f.get(k, "")) for f in ix.fields] for k in values}
    shard_files = [_dump(chunk) for chunk in chunks]
    facets_file = _dump(facets)
    # The browser asks for the other files with this version: a rebuilt site is never read half old.
    digest = hashlib.sha256()
    for part in (facets_file, *shard_files, *(d.encode("ascii") for d in ix.digests)):
        digest.update(part)
        digest.update(b"\0")
    meta = {"format": FORMAT, "version": digest.hexdigest()[:16], "shards": shards, "docs": n, "langs": langs, "facets": values}

    # Written over the previous index, file by file, unchanged files left alone: after a one-page
    # edit most of the thousands of files come out the same, and rewriting (then deleting the old
    # copies of) all of them was most of an incremental build's time. ``meta.json`` goes last, so
    # a browser starts asking for the new version only once all of its files are in place.
    final = Path(site_dir) / OUTPUT_SUBDIR
    for folder in (final, final / "terms", final / "docs"):  # never write through a link out of the site
        if folder.is_symlink():
            folder.unlink()
    wanted = {f"terms/{s}.json": text for s, text in enumerate(shard_files)}
    wanted["facets.json"] = facets_file
    written = _write_changed(final, wanted)
    doc_paths = [f"docs/{i}.json" for i in range(n)]
    before = ix.noted
    noted: list[list[Any] | None] = []
    for i, rel in enumerate(doc_paths):
        path = final / rel
        was = before[i] if i < len(before) else None
        if was is not None and was[0] == ix.digests[i] and was[1:] == file_signature(path):
            noted.append(was)  # untouched since the last build wrote it
            continue
        if not _holds(path, ix.digests[i]):
            written += _write_changed(final, {rel: file_of(i)})
        signature = file_signature(path)
        noted.append(None if signature is None else [ix.digests[i], *signature])
    ix.noted = noted
    wanted["meta.json"] = _dump(meta)
    written += _write_changed(final, {"meta.json": wanted["meta.json"]})
    _remove_others(final, {*wanted, *doc_paths})
    return {"pages": n, "terms": len(ix.postings), "shards": shards, "seconds": round(time.monotonic() - started, 2),
            "bytes": sum(map(len, wanted.values())) + sum(ix.sizes), "written": written}


def _holds(path: Path, digest: str) -> bool:
    """Whether the file (not a link) at ``path`` holds the bytes of this digest."""
    try:
        return not path.is_symlink() and _file_digest(path.read_bytes()) == digest
    except OSError:
        return False


def scored_postings(postings: dict[str, list[list[int]]], n: int,
                    lengths: list[float]) -> Iterator[tuple[str, list[int]]]:
    """(term, [gap, score, gap, score ...]) for every term in order: each document as the gap from
    the previous one, its score BM25 in tenths (``lengths``: each document's length part of BM25).

    All terms' postings at once in numpy arrays: a Python expression per posting (a million at
    5,000 pages) was nearly half of writing the index. The arithmetic is the same IEEE operations
    in the same order, each idf is ``math.log``'s, and ``numpy.rint`` rounds halves to even as
    ``round`` does: the numbers are those the expression gave."""
    import numpy as np

    terms = sorted(postings)
    if not terms:
        return
    sizes = np.fromiter((len(postings[t][0]) for t in terms), dtype=np.int64, count=len(terms))
    total = int(sizes.sum())
    ids = np.fromiter(chain.from_iterable(postings[t][0] for t in terms), dtype=np.int64, count=total)
    tfs = np.fromiter(chain.from_iterable(postings[t][1] for t in terms), dtype=np.float64, count=total)
    idf = np.array([math.log(1 + (n - k + 0.5) / (k + 0.5)) * (K1 + 1) * 10 for k in sizes.tolist()])  # scaled
    starts = np.cumsum(sizes) - sizes
    flat = np.empty(2 * total, dtype=np.int64)
    gaps = np.empty(total, dtype=np.int64)
    gaps[1:] = ids[1:] - ids[:-1]
    gaps[starts] = ids[starts]  # a term's first document counts from 0
    flat[0::2] = gaps
    scores = np.rint(np.repeat(idf, sizes) * tfs / (tfs + np.asarray(lengths, dtype=np.float64)[ids]))
    # BM25 is positive (idf > 0), so a score rounding to 0 is the only one raised to 1
    flat[1::2] = np.where(scores == 0, 1, scores).astype(np.int64)
    values = flat.tolist()
    for term, start, size in zip(terms, starts.tolist(), sizes.tolist()):
        yield term, values[2 * start: 2 * (start + size)]


def _write_changed(folder: Path, files: dict[str, bytes]) -> int:
    """Write each ``{relative path: bytes}`` whose file does not already hold them; how many were written."""
    written = 0
    for rel, data in files.items():
        path = folder / rel
        if path.is_symlink():
            path.unlink()
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            _make_folder(path.parent, folder)
        except IsADirectoryError:  # the index's folder is its own: whatever is in the way goes
            shutil.rmtree(path)
        except NotADirectoryError:
            _make_folder(path.parent, folder)
        path.write_bytes(data)
        written += 1
    return written


def _make_folder(path: Path, top: Path) -> None:
    """``mkdir -p path`` below ``top``, removing a file that stands where one of the index's folders goes."""
    parts = path.relative_to(top).parts
    for folder in [top, *(top.joinpath(*parts[:i]) for i in range(1, len(parts) + 1))]:
        if folder.is_symlink() or folder.is_file():
            folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Remove every file under ``folder`` that is not in ``keep`` (documents and shards of a larger index).

    os.walk, not Path.rglob: a Path object and a stat per file cost ~150 ms at 5,000 pages, every
    build, against ~6 ms (a link to a folder is listed as a folder and left, as before)."""
    top = os.fspath(folder)
    for dirpath, _, filenames in os.walk(top):
        rel = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in filenames:
            if prefix + name not in keep:
                os.unlink(os.path.join(dirpath, name))
