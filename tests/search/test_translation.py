"""A question in one language finds the answer written in the other (the built-in glossary)."""

from __future__ import annotations

import re

import pytest
from search_helpers import ids

from generator.content import load
from generator.search import Searcher, build_index
from generator.search.glossary import GLOSSARY_FILE, parse

# An English-only help center: the networking page says "WSL" far more often than the install page.
ENGLISH_ONLY = {
    "install.md": "---\nid: install\ntitle: Install WSL\nlang: en\n---\n\n"
                  "Run the installer, then install a Linux distribution from the store. WSL needs Windows 10.\n",
    "networking.md": "---\nid: networking\ntitle: WSL networking\nlang: en\n---\n\n"
                     "WSL shares the host's network. In WSL 2, WSL has its own address; WSL forwards ports.\n",
    "uninstall.md": "---\nid: uninstall\ntitle: Remove a distribution\nlang: en\n---\n\n"
                    "Unregister the distribution to delete it from WSL.\n",
}
# A Chinese-only help center.
CHINESE_ONLY = {
    "reset.md": "---\nid: reset\ntitle: 重置密码\nlang: zh\n---\n\n在登录页点击忘记密码，按邮件中的链接设置新密码。\n",
    "export.md": "---\nid: export\ntitle: 导出报表\nlang: zh\n---\n\n在报表页选择导出，文件会发送到你的邮箱。\n",
}


def _searcher(tmp_path, articles: dict[str, str], synonyms: str | None = None) -> Searcher:
    kb = tmp_path / "kb"
    (kb / "articles").mkdir(parents=True)
    for name, text in articles.items():
        (kb / "articles" / name).write_text(text, encoding="utf-8")
    if synonyms:
        (kb / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    build_index(load(kb), tmp_path / "site")
    return Searcher(tmp_path / "site")


@pytest.fixture(scope="module")
def english_only(tmp_path_factory) -> Searcher:
    return _searcher(tmp_path_factory.mktemp("en"), ENGLISH_ONLY)


@pytest.mark.parametrize("query", ["wsl 怎么安装", "安装 wsl"])
def test_a_chinese_question_on_an_english_only_help_center_finds_the_english_answer(english_only, query):
    r = english_only.search(query, reader="zh")
    assert ids(r)[0] == "install"
    assert "<mark>install" in r["results"][0]["snippet"]  # the translated word is what is marked


def test_a_chinese_question_without_a_latin_word_still_finds_the_english_answer(english_only):
    assert ids(english_only.search("卸载", reader="zh")) == ["uninstall"]


def test_an_english_question_finds_the_chinese_answer_on_a_chinese_only_help_center(tmp_path):
    s = _searcher(tmp_path, CHINESE_ONLY)
    assert ids(s.search("reset password", reader="zh"))[0] == "reset"  # asked from a Chinese page
    # From an English page the reader wants English pages: the Chinese words are not looked for.
    assert ids(s.search("reset password", reader="en")) == []


def test_an_english_query_ranks_as_it_would_without_the_glossary(english_only, monkeypatch):
    # Its words' Chinese translations find nothing here, and they are alternatives within each
    # word's slot, not slots of their own, so no page's share of matched words changes.
    from generator.search import query

    with_glossary = english_only.search("wsl network ports", reader="en")
    monkeypatch.setattr(query, "TRANSLATE", False)
    without = Searcher(english_only.root.parent).search("wsl network ports", reader="en")
    assert [(r["id"], r["score"]) for r in with_glossary["results"]] == [(r["id"], r["score"]) for r in without["results"]]


def test_staff_synonyms_replace_the_glossary_for_their_word(tmp_path):
    articles = dict(ENGLISH_ONLY)
    articles["setup.md"] = "---\nid: setup\ntitle: Setup wizard\nlang: en\n---\n\nThe setup wizard opens on first start.\n"
    s = _searcher(tmp_path, articles, synonyms="- [安装, setup wizard]\n")
    assert ids(s.search("安装", reader="zh")) == ["setup"]


def test_every_glossary_line_pairs_chinese_words_with_english_ones():
    entries = parse(GLOSSARY_FILE.read_text(encoding="utf-8"))
    assert len(entries) > 300
    meaningful = [ln.split("#", 1)[0].strip() for ln in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()]
    assert len([ln for ln in meaningful if ln]) == len(entries)  # no line is silently skipped
    for chinese, english in entries:
        assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in chinese), chinese
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9 -]*", w) for w in english), english
