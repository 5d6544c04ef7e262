"""Related articles stay in one language and skip the page itself and its translation."""

from __future__ import annotations

from generator.search import related, related_map


def test_related_same_language(searcher, content):
    en = related(searcher, "gantt-chart")
    assert en and "gantt-chart" not in en
    assert all(content.by_id[i].lang == "en" for i in en)
    zh = related(searcher, "gantt-chart-zh", "zh")
    assert zh and all(content.by_id[i].lang == "zh" for i in zh)
    assert "gantt-chart-zh" not in zh


def test_related_excludes_translation(searcher):
    assert "sso-login-zh" not in related(searcher, "sso-login", "zh")


def test_related_from_index_dir(site, searcher):
    assert related(site, "import-excel") == related(searcher, "import-excel")


def test_related_map_covers_every_page(searcher, content):
    m = related_map(content, searcher)
    assert set(m) == {p.id for p in content.pages}
    for page_id, others in m.items():
        assert page_id not in others
        assert all(content.by_id[o].lang == content.by_id[page_id].lang for o in others)
        assert len(others) <= 5
    assert m["import-excel"] == related(searcher, "import-excel")


def test_a_build_ranks_from_its_analysed_documents_as_from_the_written_index(tmp_path, content, searcher):
    """The build ranks related pages before whoosh writes the index (``DocTable``); the ranking must be
    the one read back from the written index, fallback queries included (this corpus needs them: its
    pages share too few key terms to fill ten related places)."""
    import importlib

    from generator.search.build import PreparedIndex
    from generator.search.related import DocTable

    ranking = importlib.import_module("generator.search.related")
    fallbacks = []
    real = ranking._fallback
    ranking._fallback = lambda *args: fallbacks.append(args[1]) or real(*args)
    try:
        prepared = PreparedIndex(content, tmp_path / "site")
        table = DocTable(prepared.docs, prepared.written)
        from_documents = related_map(content, table, limit=10)
        table.close()
        assert fallbacks, "the corpus no longer needs a fallback query: this test checks nothing of it"
        assert from_documents == related_map(content, searcher, limit=10)
    finally:
        ranking._fallback = real
    prepared.publish()  # the index it opened for the fallback queries is the one published
    assert related_map(content, tmp_path / "site", limit=10) == from_documents
