"""Identifiers are matched whole and as people type them: error codes in any case, with or without 0x."""

from __future__ import annotations

import pytest

from generator.content import load
from generator.search import Searcher, build_index
from generator.search.analysis import terms

PAGES = {
    "feature.md": ("Install optional features", "DISM fails with error 0x800F081F when the source files are missing."),
    "update.md": ("Windows Update stops", "The update stops with error 0x800F0922: the system reserved partition is full."),
    "network.md": ("Networking on IPv6", "IPv6 addresses are assigned by the router."),
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    root = tmp_path_factory.mktemp("codes")
    kb = root / "kb" / "articles"
    kb.mkdir(parents=True)
    for name, (title, body) in PAGES.items():
        (kb / name).write_text(f"---\ntitle: {title}\nlang: en\n---\n\n{body}\n", encoding="utf-8")
    build_index(load(root / "kb"), root / "site")
    return Searcher(root / "site")


@pytest.mark.parametrize("text", ["0x800F081F", "0x800f081f", "0X800F081F", "800F081F", "800f081f"])
def test_a_hex_code_is_one_term_however_it_is_typed(text):
    assert terms(text) == ["0x800f081f"]


def test_mixed_case_words_split_only_into_words():
    assert terms("IPv6") == ["ipv6"]  # not "pv", "6"
    assert terms("NodeDiskPressure") == ["nodediskpressur", "node", "disk", "pressur"]


@pytest.mark.parametrize("query", ["0x800F081F", "800F081F", "0x800f081f"])
def test_a_code_alone_finds_its_page_and_only_its_page(searcher, query):
    r = searcher.search(query, reader="en")
    assert [x["title"] for x in r["results"]] == ["Install optional features"]  # 0x800F0922 shares no term


@pytest.mark.parametrize("query", ["error 0x800f081f", "DISM 0X800F081F"])
def test_a_pasted_message_with_a_code_ranks_its_page_first(searcher, query):
    assert searcher.search(query, reader="en")["results"][0]["title"] == "Install optional features"


def test_a_code_is_highlighted_whole(searcher):
    snippet = searcher.search("800f081f", reader="en")["results"][0]["snippet"]
    assert "<mark>0x800F081F</mark>" in snippet


def test_a_latin_name_in_a_mixed_query_weighs_its_title_match_more(tmp_path):
    # "kafka" names the plugin the answer is titled after; the other page matches more Chinese words.
    kb = tmp_path / "kb" / "articles"
    kb.mkdir(parents=True)
    pages = {"kafka": ("kafka-logger", "访问日志推送到 Kafka 集群。"), "error-log": ("error-logger", "把错误日志发送到服务器，和访问日志分开保存。")}
    pages.update({f"p{i}": (f"{w}插件", f"配置{w}。") for i, w in enumerate(["限流", "认证", "路由", "证书", "缓存"])})
    for name, (title, body) in pages.items():
        (kb / f"{name}.md").write_text(f"---\ntitle: {title}\nlang: zh\n---\n\n{body}\n", encoding="utf-8")
    build_index(load(tmp_path / "kb"), tmp_path / "site")
    assert Searcher(tmp_path / "site").search("把访问日志发送到 kafka", reader="zh")["results"][0]["title"] == "kafka-logger"
