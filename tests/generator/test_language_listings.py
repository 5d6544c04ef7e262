"""Release notes, runbooks and incident reviews have an index per language, in that language: its
words, its dates (2026年11月2日 / 2 Nov 2026), its plural forms, its own release feeds and its own
"what changed between versions" page, reached from that language's navigation."""

from __future__ import annotations

import json
import posixpath
import re
from html import unescape
from pathlib import Path

import feedparser
import pytest

from generator.site.i18n import t, tn

from .test_build_sample import build, html_of

HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("listings") / "site", "--today", "2026-12-01")


def _article(site: Path, url: str) -> str:
    return re.search(r"<article.*?</article>", html_of(site, url), re.S).group(0)


def _h1(site: Path, url: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", _article(site, url), re.S).group(1))).strip("¶ ")


def _ui_text(article: str, entries: bool = False) -> str:
    """The page's own words: without links, code, scripts, table data, version labels, text marked as
    another language's or as a name (translate="no"), and release entries (the notes' own text)."""
    patterns = [r"<script.*?</script>", r"<svg.*?</svg>", r"<a [^>]*>.*?</a>", r"<code>.*?</code>", r"<td>.*?</td>",
                r'<(\w+)[^>]*\b(lang|translate)="[^"]*"[^>]*>.*?</\1>'] + ([r"<li>.*?</li>"] if entries else [])
    for pattern in patterns:
        article = re.sub(pattern, " ", article, flags=re.S)
    return re.sub(r"\d+(\.\d+)+(-[\w.]+)?", " ", unescape(re.sub(r"<[^>]+>", " ", article)))


@pytest.mark.parametrize("section, key", [("releases", "release_notes"), ("releases/latest", None),
                                          ("releases/changes", "changes_title"), ("runbooks", "runbooks"),
                                          ("runbooks/alerts", "alerts_az"), ("incidents", "incidents"),
                                          ("incidents/action-items", "open_action_items")])
def test_each_listing_is_in_its_language(site, section, key):
    for lang, url in (("en", section), ("zh", f"zh/{section}")):
        if key:
            assert _h1(site, url) == t(lang, key)
        words = _ui_text(_article(site, url), entries=section == "releases/latest")
        if lang == "zh":
            assert HAN.search(_h1(site, url))
            english = re.findall(r"\b[A-Za-z]{3,}\b", words)
            assert set(english) <= {"Atom", "JSON", "JavaScript", "Tasklane"}, (url, english)
        else:
            assert not HAN.search(words), (url, HAN.findall(words))
        assert f'<html lang="{lang}"' in html_of(site, url)


def test_dates_are_written_the_way_each_language_writes_them(site):
    zh, en = _article(site, "zh/releases"), _article(site, "releases")
    assert "最新版本：" in zh and "2026年11月2日" in zh and "2026-11-02" not in zh
    assert '<span lang="en">Tasklane 3.1.1</span>（英语）' in zh  # an untranslated release, named as such
    assert "Latest release:" in en and "2 Nov 2026" in en and "2026-11-02" not in en
    assert "2026年3月4日" in _article(site, "zh/incidents") and "4 Mar 2026" in _article(site, "incidents")
    assert "截至 2026年12月1日" in _article(site, "zh/incidents/action-items")
    # durations: Babel's units, not "h"/"min" on a Chinese page
    zh_row = re.search(r"<tr data-severity=.*?</tr>", _article(site, "zh/incidents"), re.S).group(0)
    assert re.search(r"<td>\d+小时(\d+分钟)?</td>", zh_row) and not re.search(r"<td>[^<]*\d ?(h|min)\b", zh_row)


def test_counts_take_each_language_plural_form(site):
    assert tn("en", "runbook_count", 1) == "1 runbook" and tn("en", "runbook_count", 2) == "2 runbooks"
    assert tn("zh", "runbook_count", 1) == "1 篇运维手册" and tn("zh", "runbook_count", 2) == "2 篇运维手册"  # one form
    assert tn("en", "runbook_count", 12345) == "12,345 runbooks"
    assert "5 runbooks for 5 services." in _article(site, "runbooks")
    assert "5 个服务，共 5 篇运维手册。按名称查找告警？" in _article(site, "zh/runbooks")


def _nav_targets(site: Path, url: str) -> set[str]:
    page = html_of(site, url)
    nav = re.search(r'<nav class="md-nav md-nav--primary".*', page, re.S).group(0)  # table-of-contents links are "#..."
    return {posixpath.normpath(posixpath.join(url, h)) + "/" for h in re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"#]*)"|href="([^"#]*)" class="md-nav__link', nav) for h in h if h}


def test_each_language_navigation_leads_to_its_own_indexes_and_the_switch_to_the_other(site):
    for url in ("zh/releases", "zh/runbooks/alerts", "zh/incidents/action-items"):
        targets = _nav_targets(site, url)
        assert {"zh/releases/", "zh/runbooks/", "zh/incidents/"} <= targets, targets
        assert not {"releases/", "runbooks/", "incidents/"} & targets
    assert {"releases/", "runbooks/", "incidents/"} <= _nav_targets(site, "releases")
    zh = html_of(site, "zh/releases")
    switch = re.search(r'<a href="([^"]*)" hreflang="en"[^>]*class="md-select__link"', zh).group(1)
    assert switch == "../../releases/"
    back = re.search(r'<a href="([^"]*)" hreflang="zh"[^>]*class="md-select__link"', html_of(site, "releases")).group(1)
    assert back == "../zh/releases/"


def test_each_language_has_its_own_release_feeds(site):
    zh = feedparser.parse((site / "zh/releases/feed.xml").read_bytes())
    en = feedparser.parse((site / "releases/feed.xml").read_bytes())
    assert zh.feed.title == "发行说明" and zh.feed.language == "zh"
    assert [e.title for e in zh.entries] == ["Tasklane 3.2.0 发行说明"]  # only the release written in Chinese
    assert "<h2>不兼容变更</h2>" in zh.entries[0].content[0].value
    assert en.feed.title == "Release notes" and len(en.entries) == 6
    assert not any(HAN.search(e.title) for e in en.entries)
    zh_json = json.loads((site / "zh/releases/feed.json").read_text(encoding="utf-8"))
    assert zh_json["language"] == "zh" and [i["title"] for i in zh_json["items"]] == ["Tasklane 3.2.0 发行说明"]
    # each index links its own language's feeds
    assert 'href="feed.xml"' in _article(site, "zh/releases") and 'href="feed.xml"' in _article(site, "releases")


def test_between_versions_page_in_both_languages(site):
    def data(url: str) -> dict:
        return json.loads(re.search(r'id="kb-changes-data">(.*?)</script>', html_of(site, url), re.S).group(1).replace("<\\/", "</"))

    zh, en = data("zh/releases/changes"), data("releases/changes")
    assert zh["titles"]["breaking"] == "不兼容变更" and en["titles"]["breaking"] == "Breaking changes"
    assert zh["text"]["none"] == t("zh", "changes_none") and en["text"]["none"] == t("en", "changes_none")
    # 3.2.0 is read in its Chinese translation, the untranslated releases as written
    zh_320 = next(r for r in zh["releases"] if r["label"] == "3.2.0")
    assert HAN.search(" ".join(e[1] for e in zh_320["entries"])) and zh_320["url"] == "../../../releases/zh/3.2.0/"
    page = _article(site, "zh/releases/changes")
    assert "3.2.0-beta.1（预发布版本）" in page and ">当前版本 <select" in page
    assert "3.2.0-beta.1 (pre-release)" in _article(site, "releases/changes")
