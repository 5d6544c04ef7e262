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
