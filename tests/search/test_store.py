"""The whoosh internals ``generator.search.store`` uses for speed give what whoosh's public API
gives. A whoosh-reloaded upgrade that renames or changes them fails here, not in search results."""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from generator.search import store
from generator.search.store import Index, _read_postings, make_schema, write_index

FAST_POSTINGS = ("_ids", "_weights", "_i", "_next_block")


def _docs() -> list[dict]:
    docs = []
    for i in range(700):  # "common" has 700 postings: several of whoosh's blocks (128 per block)
        body = {"common": 1 + i % 5, f"w{i % 7}": 2 + i % 3}
        if i % 3 == 0:
            body["third"] = 3
        docs.append({
            "id": f"d{i}", "lang": "zh" if i % 4 else "en", "url": f"/d{i}/", "keyterms": [(f"w{i % 7}", 1.0)],
            "title": {"common": 1, f"t{i % 11}": 1}, "body": body, "_stored_body": f"body {i}",
        })
    return docs


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    directory = tmp_path_factory.mktemp("ix")
    write_index(directory, _docs())
    ix = Index(directory)
    yield ix
    ix.close()


def _public_postings(ix: Index, field: str, term: str) -> tuple[list[int], list[float]]:
    m = ix._reader.postings(field, term)
    ids, tfs = [], []
    while m.is_active():
        ids.append(m.id())
        tfs.append(m.weight())
        m.next()
    return ids, tfs


def test_posting_blocks_are_read_through_the_fast_path(index):
    m = index._reader.postings("body", "common")
    missing = [a for a in FAST_POSTINGS if not hasattr(m, a)]
    assert not missing, f"whoosh's posting matcher no longer has {missing}: _read_postings falls back to the slow walk"


@pytest.mark.parametrize(("field", "term"), [("body", "common"), ("body", "third"), ("body", "w3"), ("title", "t5"), ("lang", "zh")])
def test_fast_postings_equal_the_public_walk(index, field, term):
    fast = _read_postings(index._reader.postings(field, term))
    assert fast == _public_postings(index, field, term)
    assert len(fast[0]) == len(set(fast[0])) == index.doc_frequency(field, term) > 0
    assert index.postings(field, term) == fast


def test_postings_of_an_absent_term_are_empty(index):
    assert index.postings("body", "nowhere") == ([], [])


def test_stored_fields_come_from_the_per_document_columns_and_equal_the_public_call(index):
    reader = index._reader
    assert getattr(index.stored, "__self__", None) is reader._perdoc, "whoosh's reader._perdoc.stored_fields is gone"
    for docnum in range(index.doc_count):
        assert index.stored(docnum) == reader.stored_fields(docnum)
    assert index.stored(5)["id"] == "d5" and index.stored(5)["body"] == "body 5"


def _term_stats(directory) -> dict:
    """Every term's posting statistics (document frequency, total and top weight, shortest and
    longest document), its postings with the statistics of the block each is in, and every
    document's stored fields and field lengths, as whoosh's public reader gives them."""
    reader = whoosh_index.open_dir(str(directory)).reader()
    try:
        stats, postings = {}, {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            stats[field, term] = (info.doc_frequency(), info.weight(), info.max_weight(), info.min_length(), info.max_length())
            m = reader.postings(field, term)
            found = []
            while m.is_active():
                found.append((m.id(), m.weight(), m.value(), m.block_max_weight(), m.block_min_length(), m.block_max_length()))
                m.next()
            postings[field, term] = found
        fields = reader.schema.names()
        lengths = {(d, f): reader.doc_field_length(d, f) for d in range(reader.doc_count_all()) for f in fields}
        stored = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
        return {"terms": stats, "postings": postings, "lengths": lengths, "stored": stored}
    finally:
        reader.close()


def _whooshs_own(directory, docs: list[dict]) -> None:
    writer = whoosh_index.create_in(str(directory), make_schema()).writer(limitmb=512)  # whoosh's own pool and flush
    for d in docs:
        writer.add_document(**d)
    writer.commit()


def _boosted_docs() -> list[dict]:
    """Some documents boosted (whoosh's ``_boost`` and ``_<field>_boost`` keywords), some text given
    as a list of terms rather than counts, one text field empty."""
    docs = _docs()
    for i, d in enumerate(docs):
        if i % 9 == 0:
            d["_boost"] = 1.5
        if i % 13 == 0:
            d["_title_boost"] = 3.0
        if i % 17 == 0:
            d["headings"] = [t for t, n in d["body"].items() for _ in range(n)]
        if i % 19 == 0:
            d["title"] = {}
    return docs


@pytest.mark.parametrize("docs", [_docs, _boosted_docs], ids=["plain", "boosted"])
@pytest.mark.parametrize("pooled", [None, 1000], ids=["in memory", "spilled to runs on disk"])
def test_our_pool_and_flush_write_what_whoosh_writes(tmp_path, monkeypatch, pooled, docs):
    ours, plain = tmp_path / "ours", tmp_path / "plain"
    ours.mkdir()
    plain.mkdir()
    if pooled:
        monkeypatch.setattr(store, "MAX_POOLED", pooled)
    write_index(ours, docs())
    _whooshs_own(plain, docs())
    expected = _term_stats(plain)
    assert {info[3] for info in expected["terms"].values()} != {info[4] for info in expected["terms"].values()}, "lengths vary"
    assert max(len(p) for p in expected["postings"].values()) > 2 * 128, "several blocks of postings"
    assert _term_stats(ours) == expected
    # the schema saved with the index is make_schema()'s, whatever write_index did to it meanwhile
    saved = whoosh_index.open_dir(str(ours)).schema
    assert all(vars(field) == vars(make_schema()[name]) for name, field in saved.items())
