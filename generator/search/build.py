"""Build the index into ``<site>/.search/<build_id>/`` and make it live by replacing ``CURRENT``.

A running service reads ``CURRENT`` and opens the directory it names. The new index is written under
a temporary name and renamed only when complete, then ``CURRENT`` is replaced atomically, so a reader
sees the old index or the new one, never a partial one. The previous index stays until the next
build so a searcher that opened it just before the swap can finish its queries.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.content.model import ContentSet, Page

from . import analysis
from .documents import (
    KEYTERM_FIELDS,
    Doc,
    add_keyterms,
    analyze,
    document_frequencies,
    tag_text,
    translation_map,
    versions_of,
)
from .schema import SCHEMA_VERSION
from .store import write_index
from .synonyms import read_groups

if TYPE_CHECKING:
    from generator.build.cache import BuildCache

SEARCH_DIR = ".search"
CURRENT = "CURRENT"
DICTIONARY_FILE = "dictionary.txt"
META_FILE = "meta.json"
WORDS_FILE = "words.txt"

Progress = Callable[[int, int, str], None]


@dataclass
class BuildResult:
    index_dir: Path
    build_id: str
    docs: int
    seconds: float

    @property
    def docs_per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else float("inf")


def search_root(out_dir: Path | str) -> Path:
    """Accept the site directory or its ``.search`` folder."""
    out = Path(out_dir)
    return out if out.name == SEARCH_DIR else out / SEARCH_DIR


def new_build_id() -> str:
    return time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def build_index(content: ContentSet, out_dir: Path | str, progress: Progress | None = None, *, build_id: str | None = None,
                cache: BuildCache | None = None) -> BuildResult:
    """``cache`` (a generator.build.cache.BuildCache) keeps each page's analyzed document between builds."""
    return PreparedIndex(content, out_dir, progress, build_id=build_id, cache=cache).publish()


class PreparedIndex:
    """An index build in two steps: the documents analysed (``docs``, enough to rank related pages:
    ``related.DocTable``), then ``publish`` writes them with whoosh and makes the index live. A
    build ranks related pages between the two, so the parent need not wait for whoosh's writing."""

    def __init__(self, content: ContentSet, out_dir: Path | str, progress: Progress | None = None, *,
                 build_id: str | None = None, cache: BuildCache | None = None) -> None:
        self.started = time.perf_counter()
        self.content = content
        self.root = search_root(out_dir)
        self.root.mkdir(parents=True, exist_ok=True)
        self.build_id = build_id or new_build_id()
        self.dictionary = Path(content.root) / DICTIONARY_FILE
        analysis.load_user_dictionary(self.dictionary)

        pages = [p for p in content.pages if not p.generated]
        translations = translation_map(content)
        dict_digest = hashlib.blake2b(self.dictionary.read_bytes()).hexdigest() if self.dictionary.is_file() else ""
        self.docs: list[Doc] = []
        keys: list[str] = []  # each document's entry in the build cache
        tag_terms = _TagTerms(cache, dict_digest) if cache is not None else None
        for n, page in enumerate(pages, start=1):
            if tag_terms is None:
                self.docs.append(analyze(content, page, translations))
            else:
                doc, key = _analyze_cached(content, page, translations, tag_terms)
                self.docs.append(doc)
                keys.append(key)
            if progress:
                progress(n, len(pages), page.src_path)
        if tag_terms is not None:
            tag_terms.save()
        if cache is None:
            add_keyterms(self.docs)
        else:
            _add_keyterms_kept(self.docs, keys, cache)
        self.tmp = self.root / f".tmp-{self.build_id}"
        self._written = False

    def written(self) -> Path:
        """The whoosh index of ``docs``, written (once) into the not yet published directory."""
        if not self._written:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp.mkdir()
            try:
                write_index(self.tmp, (d.fields for d in self.docs))
            except BaseException:
                shutil.rmtree(self.tmp, ignore_errors=True)
                raise
            self._written = True
        return self.tmp

    def publish(self) -> BuildResult:
        """Write the index and its files, then make it the live one (``CURRENT``)."""
        tmp, docs, root, build_id = self.written(), self.docs, self.root, self.build_id
        if self.dictionary.is_file():
            shutil.copyfile(self.dictionary, tmp / DICTIONARY_FILE)
        meta = {
            "schema": SCHEMA_VERSION,
            "build_id": build_id,
            "docs": len(docs),
            "synonyms": read_groups(Path(self.content.root)),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        (tmp / WORDS_FILE).write_text(_spelling_words(docs), encoding="utf-8")
        _fsync_tree(tmp)

        final = root / build_id
        os.replace(tmp, final)
        _fsync_dir(root)
        previous = read_current(root)
        _write_current(root, build_id)
        _prune(root, keep={build_id, previous})
        return BuildResult(final, build_id, len(docs), time.perf_counter() - self.started)


def _analyze_cached(content: ContentSet, page: Page, translations: dict[str, list[str]],
                    tag_terms: _TagTerms) -> tuple[Doc, str]:
    """``analyze`` (jieba, stemming: most of an index's cost), reused while everything it reads is
    unchanged; with the key of its entry."""
    from generator.build.cache import digest

    cache = tag_terms.cache  # the build cache, whose entries the tag texts' table is one of
    tags = tag_terms.seen(tag_text(content, page))
    key = digest("doc-2", SCHEMA_VERSION, tag_terms.dict_digest, page.src_path, page.id, page.type, page.lang, page.category, page.title,
                 page.summary, page.body, page.body_line, repr(page.headings), versions_of(page),
                 page.date.isoformat() if page.date else "", page.url, tags, translations.get(page.id, []),
                 [content.taxonomy.resolve_tag(t) or str(t) for t in page.tags])
    hit = cache.get(key)
    if hit is not None:
        fields, counts, words = hit
        fields["sections"] = [tuple(s) for s in fields["sections"]]
        for name, c in counts.items():  # stored once (see below): the field is the counts as a dict
            fields[name] = c
        analysis._stems.update(words)  # the spelling vocabulary is every word analyzed (surface_words)
        return Doc(page, fields, {name: Counter(c) for name, c in counts.items()}), key
    found_tags, tag_words = tag_terms.get(tags)
    memo, noted = analysis._stems, _NotingMemo(analysis._stems)
    analysis._stems = noted  # type: ignore[assignment]  # stands in for the dict: stem() only calls get and []=
    try:
        doc = analyze(content, page, translations, tag_terms=found_tags)
    finally:
        analysis._stems = memo
    words = {w: memo[w] for w in noted.words if w.isalpha() and len(w) > 2} | tag_words
    # The text fields are their counts as dicts: stored once, as null fields (their place in the
    # dict kept), the cached entry decodes in little more than half the time.
    cache.put(key, [{name: None if name in doc.counts else value for name, value in doc.fields.items()}, doc.counts, words])
    return doc, key


# One entry, found again by every build: the last build's document frequencies and key terms.
_KEYTERMS = "search key terms of the last build"


def _add_keyterms_kept(docs: list[Doc], keys: list[str], cache: BuildCache) -> None:
    """``add_keyterms``, taking a page's key terms from the last build when nothing they are weighed
    from changed: the page's analysis (its entry's key), the number of pages, and the document
    frequency of each of its terms. After a one-page edit that is almost every page; weighing
    them all again was ~0.4 s of the index process at 5,000 pages, which ends a rebuild."""
    df = document_frequencies(docs)
    last = cache.get(_KEYTERMS)
    kept: list[list[tuple[str, float]] | None] | None = None
    if isinstance(last, dict) and last.get("pages") == len(docs):
        try:
            before_df, before = dict(last["df"]), dict(last["keyterms"])
            moved = {t for t, f in df.items() if before_df.get(t) != f}
            kept = []
            for key, d in zip(keys, docs):
                terms = before.get(key)
                if terms is None or not all(moved.isdisjoint(d.counts[name]) for name in KEYTERM_FIELDS):
                    kept.append(None)
                else:
                    kept.append([(str(t), float(w)) for t, w in terms])
        except (KeyError, TypeError, ValueError):  # not as this code writes it: weigh every page
            kept = None
    add_keyterms(docs, df=df, kept=kept)
    cache.put(_KEYTERMS, {"pages": len(docs), "df": df, "keyterms": {key: d.fields["keyterms"] for key, d in zip(keys, docs)}})


class _TagTerms:
    """Every tag text's terms and the words stemmed for them, kept in one build-cache entry (read
    only when a page is analysed again): an edit seldom changes a page's tags, and analysing them
    again loaded jieba's dictionary (~0.25 s, on the path a one-page rebuild waits for) whenever an
    English page's tags have Chinese titles. It keeps the tag texts of this build's pages."""

    def __init__(self, cache: BuildCache, dict_digest: str) -> None:
        from generator.build.cache import digest

        self.cache, self.dict_digest = cache, dict_digest
        self.key = digest("tag-terms", SCHEMA_VERSION, dict_digest)
        self.table: dict[str, list[Any]] | None = None  # tag text -> [terms, {word: stem}], once read
        self.texts: set[str] = set()  # this build's
        self.added = False

    def seen(self, tags: str) -> str:
        self.texts.add(tags)
        return tags

    def get(self, tags: str) -> tuple[list[str], dict[str, str]]:
        if self.table is None:
            found = self.cache.get(self.key)
            self.table = found if isinstance(found, dict) else {}
        hit = self.table.get(tags)
        if isinstance(hit, list) and len(hit) == 2 and isinstance(hit[0], list) and isinstance(hit[1], dict):
            analysis._stems.update(hit[1])  # the spelling vocabulary is every word analyzed (surface_words)
            return hit[0], hit[1]
        terms = analysis.terms(tags)
        words = {w: s for w, s in analysis.stemmed_words(tags).items() if w.isalpha() and len(w) > 2}
        self.table[tags] = [terms, words]
        self.added = True
        return terms, words

    def save(self) -> None:
        if self.added and self.table is not None:
            self.cache.put(self.key, {t: v for t, v in self.table.items() if t in self.texts})
        elif self.table is None:
            self.cache.keep([self.key])  # not needed this build: still there for the next


class _NotingMemo:
    """Stands in for analysis' stem memo while one page is analyzed, noting the words it looks up."""

    def __init__(self, memo: dict[str, str]) -> None:
        self.memo: dict[str, str] = memo
        self.words: set[str] = set()

    def get(self, word: str) -> str | None:
        self.words.add(word)
        return self.memo.get(word)

    def __setitem__(self, word: str, stem: str) -> None:
        self.memo[word] = stem


def _spelling_words(docs: list[Doc]) -> str:
    """Unstemmed words whose stem is in this index's titles or bodies, with document frequencies.

    The corrector suggests real words ("configure"), not stems ("configur")."""
    df: dict[str, int] = {}
    for d in docs:
        for t in set(d.counts["title"]) | set(d.counts["body"]):
            df[t] = df.get(t, 0) + 1
    lines = []
    for word in analysis.surface_words():
        f = df.get(analysis.stem(word))
        if f:
            lines.append(f"{word}\t{f}")
    return "\n".join(lines)


def read_current(root: Path) -> str | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def _write_current(root: Path, name: str) -> None:
    tmp = root / f".{CURRENT}.{secrets.token_hex(4)}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / CURRENT)
    _fsync_dir(root)


def _prune(root: Path, keep: set[str | None]) -> None:
    for child in root.iterdir():
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def _fsync_tree(path: Path) -> None:
    for child in path.iterdir():
        if child.is_file():
            fd = os.open(child, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
