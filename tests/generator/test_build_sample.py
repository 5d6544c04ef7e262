"""The sample help center builds into a site a customer can use: listings, translations, redirects,
Chinese pages and a static search that finds Chinese words."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def build(site: Path, *extra: str) -> Path:
    result = CliRunner().invoke(main, ["build", "--kb", str(ROOT / "kb"), "--config", str(ROOT / "mkdocs.yml"),
                                       "--site-dir", str(site), "-q", *extra])
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("sample") / "site", "--today", "2026-11-23")


@pytest.fixture(scope="module")
def manifest(site: Path) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def by_source(manifest: dict, source: str) -> dict:
    return next(p for p in manifest["pages"] if p["source"] == source)


def test_manifest_lists_every_page_with_what_the_service_needs(site, manifest):
    pages = manifest["pages"]
    types = {p["type"] for p in pages}
    assert {"article", "incident", "release"} <= types
    assert "runbook" not in types and {p["audience"] for p in pages} == {"public"}, "runbooks are internal by default"
    internal = json.loads((site.with_name("site-internal") / "manifest.json").read_text(encoding="utf-8"))["pages"]
    assert {p["audience"] for p in internal if p["type"] == "runbook"} == {"internal"}
    assert {p["id"] for p in pages} < {p["id"] for p in internal}
    assert len([p for p in pages if p["type"] == "article"]) >= 40
    assert len({p["id"] for p in pages}) == len(pages)
    for p in pages:
        assert {"id", "type", "title", "url", "source", "lang", "category", "tags", "version"} <= p.keys()
        assert (site / p["url"] / "index.html").exists(), p["url"]
        assert (ROOT / "kb" / p["source"]).exists()
    release = next(p for p in pages if p["type"] == "release" and p["source"] == "releases/3.2.0.md")
    assert release["version"] == "3.2.0"


def test_article_page_has_breadcrumbs_meta_and_related(site, manifest):
    page = by_source(manifest, "articles/gantt/set-a-baseline.md")
    html = html_of(site, page["url"])
    crumbs = re.search(r'<nav class="kb-breadcrumbs".*?</nav>', html, re.S).group(0)
    assert ">Home</a>" in crumbs and ">Gantt charts</a>" in crumbs
    assert "Last reviewed" in html and page["reviewed"] in html
    related = re.search(r'<aside class="kb-related".*?</aside>', html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', related)
    assert 1 <= len(links) <= 5
    assert all("/zh/" not in link for link in links), "related articles stay in the page's language"
    assert "edit/main/kb/articles/gantt/set-a-baseline.md" in html, "edit-on-git link"


def switch_target(page_url: str, html: str) -> str:
    href = re.search(r'class="kb-meta__item kb-lang-switch" href="([^"]+)"', html).group(1)
    return posixpath.normpath(posixpath.join(page_url, href)) + "/"


def test_translations_link_to_each_other_and_chinese_pages_say_so(site, manifest):
    zh = by_source(manifest, "articles/gantt/zh/set-a-baseline.md")
    en = by_source(manifest, "articles/gantt/set-a-baseline.md")
    assert zh["translation_of"] == en["id"]
    zh_html, en_html = html_of(site, zh["url"]), html_of(site, en["url"])
    assert '<html lang="zh"' in zh_html and '<html lang="en"' in en_html
    assert switch_target(zh["url"], zh_html) == en["url"]
    assert switch_target(en["url"], en_html) == zh["url"]
    assert "最近审核" in zh_html, "UI strings follow the page language"


def test_category_and_tag_pages_list_their_articles_by_language(site, manifest):
    gantt_en = {p["title"] for p in manifest["pages"] if p["category"] == "gantt" and p["lang"] == "en"}
    gantt_zh = {p["title"] for p in manifest["pages"] if p["category"] == "gantt" and p["lang"] == "zh"}
    en_page = html_of(site, "categories/gantt")
    zh_page = html_of(site, "zh/categories/gantt")
    for title in gantt_en:
        assert title.replace('"', "&quot;") in en_page
    for title in gantt_zh:
        assert title in zh_page and title not in en_page
    tagged = [p for p in manifest["pages"] if "excel" in p["tags"] and p["lang"] == "en" and p["type"] == "article"]
    assert tagged
    tag_page = html_of(site, "tags/excel")
    for p in tagged:
        assert p["title"] in tag_page


def test_home_page_has_search_categories_latest_release_and_recent(site):
    html = html_of(site, "")
    assert 'class="kb-hero-search"' in html and 'name="q"' in html
    for home in ("", "zh/"):
        action = re.search(r'class="kb-hero-search" role="search" action="([^"]+)"', html_of(site, home)).group(1)
        assert (site / home / action / "index.html").exists(), "the home search box submits to a real results page"
    assert "grid cards kb-categories" in html
    assert "Tasklane 3.2.0" in html, "latest stable release, not the beta"
    assert "Recently updated" in html
    assert 'class="kb-breadcrumbs"' not in html


def test_aliases_redirect_to_the_article(site, manifest):
    page = by_source(manifest, "articles/import-export/import-tasks-from-excel.md")
    redirect = (site / "faq/import-excel.html").read_text(encoding="utf-8")
    assert f'url=../{page["url"]}"' in redirect
    assert "noindex" in redirect


def test_navigation_stays_category_level(site, manifest):
    """Every page carries the nav; listing all articles there makes output grow with N squared."""
    html = html_of(site, by_source(manifest, "articles/gantt/set-a-baseline.md")["url"])
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S).group(0)
    article_urls = [p["url"] for p in manifest["pages"] if p["type"] == "article"]
    listed = [u for u in article_urls if f'href="../../../{u}"' in nav or f'href="/{u}"' in nav]
    assert listed == []


def test_stale_article_shows_a_banner(tmp_path):
    site = build(tmp_path / "site", "--today", "2031-01-01", "--no-search-index")
    html = html_of(site, "articles/gantt/set-a-baseline")
    assert 'class="admonition warning kb-stale"' in html
    assert "due for review" in html


SEPARATOR = re.compile(r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)')


def test_static_index_mode_skips_materials_lunr_index(site):
    """Nobody downloads search_index.json when our static index is the static search: it is not built."""
    assert (site / "static-search" / "meta.json").exists()
    assert not (site / "pagefind").exists()
    assert not (site / "search" / "search_index.json").exists()


@pytest.fixture(scope="module")
def material_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("material") / "site", "--static-search", "material", "--no-search-index")


def test_static_search_index_segments_chinese(material_site):
    """Material's search finds Chinese words only if jieba split them at build time (U+200B)."""
    site = material_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh_docs = [d for d in index["docs"] if "/zh/" in d["location"] and "set-a-baseline" in d["location"]]
    assert zh_docs
    tokens = {tok for d in zh_docs for tok in SEPARATOR.split(d["title"] + " " + d["text"])}
    for word in ("基线", "甘特图", "关键路径"):
        assert word in tokens, f"{word} is not a search token"
    # product terms from kb/dictionary.txt stay whole instead of being split into characters
    all_tokens = {tok for d in index["docs"] for tok in SEPARATOR.split(d["text"])}
    assert "权限错误" in all_tokens


def test_page_titles_name_the_site_once(site, manifest):
    assert re.search(r"<title>\s*Tasklane Help Center\s*</title>", html_of(site, "")), "home page: the site name alone"
    page = by_source(manifest, "articles/gantt/set-a-baseline.md")
    assert re.search(rf"<title>\s*{re.escape(page['title'])} - Tasklane Help Center\s*</title>", html_of(site, page["url"]))
