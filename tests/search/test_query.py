"""Queries: English, Chinese, mixed, synonyms, typos, facets, filters, snippets, sections."""

from __future__ import annotations

import pytest
from search_helpers import ids, ids_with_translations


def test_english_with_stemming(searcher):
    # From an English page (the UI always sends it): the Chinese import page, whose tags carry the
    # same English words, ranks below it.
    r = searcher.search("importing spreadsheets", reader="en")
    assert ids(r)[0] == "import-excel"


def test_chinese_segmented(searcher):
    r = searcher.search("关键路径", lang="zh")
    assert ids(r)[0] == "gantt-chart-zh"
    assert r["results"][0]["section"] == {"title": "关键路径", "anchor": "关键路径"}


def test_mixed_query(searcher):
    r = searcher.search("SSO 登录失败")
    assert ids(r)[0] == "sso-login-zh"


def test_user_dictionary_word_is_one_term(searcher):
    r = searcher.search("项目看板")
    assert ids(r) == ["gantt-chart-zh"]


@pytest.mark.parametrize("query, expected", [
    ("single sign-on", {"sso-login", "sso-login-zh"}),  # synonym group: SSO / 单点登录
    ("xlsx", {"import-excel", "import-excel-zh"}),
    ("横道图", {"gantt-chart-zh", "gantt-chart"}),
])
def test_synonyms(searcher, query, expected):
    # An article and its translation are one result now: the other language is under "also in".
    assert expected <= ids_with_translations(searcher.search(query))


def test_tag_synonyms_from_taxonomy_are_indexed(searcher):
    assert ids(searcher.search("timeline view"))[0] in {"gantt-chart", "gantt-chart-zh"}


def test_typo_is_corrected_and_suggested(searcher):
    r = searcher.search("certficate")
    assert r["suggestion"] == "certificate"
    assert ids(r)[0] in {"sso-login", "sso-login-zh"}


def test_no_suggestion_for_good_query(searcher):
    assert searcher.search("certificate")["suggestion"] is None


def test_facets_and_total(searcher):
    r = searcher.search("task 任务")
    # The language facet counts pages per language (what filtering to it shows); the total counts an
    # article and its translation once, so it is at most their sum.
    for lang, n in r["facets"]["lang"].items():
        assert searcher.search("task 任务", lang=lang)["total"] == n
    assert max(r["facets"]["lang"].values()) <= r["total"] <= sum(r["facets"]["lang"].values())
    assert r["facets"]["type"]["article"] >= 2
    assert r["facets"]["category"]["projects"] >= 2
    assert "gantt" in r["facets"]["tag"]


@pytest.mark.parametrize("filters, check", [
    ({"lang": "zh"}, lambda r: r["lang"] == "zh"),
    ({"type": "release"}, lambda r: r["type"] == "release"),
    ({"category": "projects"}, lambda r: r["category"] == "projects"),
    ({"tag": "gantt"}, lambda r: "gantt" in r["tags"]),
])
def test_filters(searcher, filters, check):
    r = searcher.search("gantt 甘特图 excel", **filters)
    assert r["results"] and all(check(x) for x in r["results"])
    assert r["total"] == len(r["results"])


def test_version_filter(searcher):
    # sso-login applies to >=3.0: excluded for 2.5; pages naming no version always apply
    assert "sso-login" not in ids(searcher.search("certificate", version="2.5"))
    assert "sso-login" in ids(searcher.search("certificate", version="3.1"))
    assert "release-3-2-0" in ids(searcher.search("baselines", version="3.2"))


def test_paging(searcher):
    first = searcher.search("task 任务", per_page=2)
    second = searcher.search("task 任务", per_page=2, page=2)
    assert len(first["results"]) == 2 and first["total"] > 2
    assert not set(ids(first)) & set(ids(second))


def test_snippet_marks_and_escapes(searcher):
    r = searcher.search("unknown assignee")
    snippet = r["results"][0]["snippet"]
    assert "<mark>assignee</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    # nothing but <mark> is live HTML
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_section_deep_link(searcher):
    r = searcher.search("clock skew")
    top = r["results"][0]
    assert top["id"] == "sso-login"
    assert top["section"] == {"title": "Clock skew", "anchor": "clock-skew"}
    assert top["url"] and top["source"] == "articles/account/sso-login.md"


HOSTILE = [
    '"', '"unbalanced', "title:foo", "foo:", ":", "(", ")", "[a TO b]", "{x}", "*", "?", "fo*", "*oo",
    "AND", "OR", "NOT", "a AND OR NOT b", "NOT NOT", "\\", "\\\\x", "foo\\", "~", "foo~2", "^3", "+-",
    "<script>alert(1)</script>", "%00", "\x00", "\u200b", "🙂", "' OR 1=1 --", "x" * 10_000,
    ("登录 " * 2000), "a" * 500 + ":" + "(" * 500, "", "   ", "\n\t",
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_never_fail(searcher, query):
    r = searcher.search(query)
    assert isinstance(r["total"], int) and isinstance(r["results"], list)


def test_an_article_and_its_translation_are_one_result_in_the_readers_language(searcher):
    for reader, shown, other in (("en", "sso-login", "sso-login-zh"), ("zh", "sso-login-zh", "sso-login")):
        r = searcher.search("single sign-on SSO", reader=reader)
        listed = ids(r)
        assert shown in listed and other not in listed
        first = r["results"][listed.index(shown)]
        assert [o["id"] for o in first["also_in"]] == [other]
        assert r["total"] == len(listed)
        # Each facet count is what a click on it shows (filtered to one language, nothing folds).
        for facet, values in r["facets"].items():
            for value, n in values.items():
                assert searcher.search("single sign-on SSO", reader=reader, **{facet: value})["total"] == n, (facet, value)


def test_a_chinese_query_on_an_english_page_lists_chinese_articles_first(searcher):
    r = searcher.search("甘特图", reader="en")
    assert r["results"] and r["results"][0]["lang"] == "zh"


def test_a_latin_word_on_a_site_without_latin_words_finds_nothing_instead_of_failing(tmp_path):
    # The spelling corrector's word list is empty there; whoosh's walker used to index past its end.
    from generator.content import load
    from generator.search import Searcher, build_index

    kb = tmp_path / "kb"
    (kb / "articles").mkdir(parents=True)
    (kb / "articles" / "a.md").write_text("---\ntitle: 登录失败\nlang: zh\n---\n\n请检查密码。\n", encoding="utf-8")
    build_index(load(kb), tmp_path / "site")
    # (words the bilingual glossary has no Chinese for: "password" would find 密码)
    r = Searcher(tmp_path / "site").search("gantt baseline", reader="zh")
    assert r["total"] == 0 and r["answer"] == "none"
