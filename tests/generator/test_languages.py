"""Each language of the sample help center is a site of its own: its navigation, its home page,
its listings sorted the way its readers sort."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin

from generator.site.i18n import t

from .test_build_sample import build, html_of


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("languages") / "site")


def test_chinese_home_page_is_titled_home_in_chinese(site):
    html = html_of(site, "zh")
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == t("zh", "home")
    assert "(zh)" not in html


def test_each_language_has_its_own_navigation(site):
    zh = html_of(site, "zh")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*', zh, re.S).group(0)
    for key in ("home", "all_categories", "tags", "release_notes"):
        assert f">{t('zh', key)}<" in re.sub(r"\s+", "", nav), key
    hrefs = re.findall(r'href="(categories/[^"]*)"', nav)  # relative to zh/: Chinese category pages
    assert hrefs and all((site / "zh" / h / "index.html").exists() for h in hrefs)
    en_nav = re.search(r'<nav class="md-nav md-nav--primary".*', html_of(site, ""), re.S).group(0)
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r'<nav class="md-nav md-nav--secondary".*', "", en_nav, flags=re.S))


def _tag_index_labels(site: Path, url: str) -> list[str]:
    article = re.search(r"<article.*?</article>", html_of(site, url), re.S).group(0)
    return [unescape(x) for x in re.findall(r'<li><a href="[^"]*">([^<]*)</a>', article)]


def test_tag_index_is_sorted_by_name_in_the_reader_language(site):
    zh = _tag_index_labels(site, "zh/tags")
    assert len(zh) > 3
    assert zh == sorted(zh, key=lambda s: " ".join(lazy_pinyin(s)).casefold())
    en = _tag_index_labels(site, "tags")
    assert len(en) > 3 and en == sorted(en, key=str.casefold)


def test_sitemap_pairs_each_translated_page_with_its_translation(site):
    import json
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    links = {u.find("s:loc", ns).text: {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
             for u in root.findall("s:url", ns)}
    base = next(iter(links)).split("/", 3)[:3]
    url = lambda p: "/".join(base) + "/" + p["url"]  # noqa: E731
    pages = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["pages"]
    by_id = {p["id"]: p for p in pages}
    pairs = [(by_id[p["translation_of"]], p) for p in pages if p.get("translation_of") in by_id]
    assert pairs
    for en, zh in pairs:
        assert links[url(en)] == links[url(zh)] == {en["lang"]: url(en), zh["lang"]: url(zh)}
    paired = {p["id"] for pair in pairs for p in pair}
    alone = [p for p in pages if p["type"] == "article" and p["id"] not in paired]
    assert alone and all(links[url(p)] == {} for p in alone)
