"""The static index (generator/static_search/bundle.py) searched by theme/assets/kb/search.js in Chromium,
on a small hand-made site served as `kb serve` serves one, with the API answering 404: English and
Chinese, prefix and single-character queries, the reader's language first, facets whose counts are
what they list, paging, and hostile titles and bodies that stay text."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import static_search_bytes as ssb  # noqa: E402  (the bytes bench's page shells and server)

from generator.static_search import bundle  # noqa: E402
from generator.static_search.bundle import document, write_index  # noqa: E402

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Pwned title'
HOSTILE_BODY = "&lt;script&gt;window.__pwned=2&lt;/script&gt; pwned body &lt;b&gt;bold&lt;/b&gt;"


def _site(root: Path) -> Path:
    docs = [document(f"articles/gantt/baseline-{i}/", "en", f"Set a baseline {i}",
                     f"<p>A baseline keeps the planned dates of the project. Step {i}.</p>",
                     {"id": f"b{i}", "type": "article", "category": "gantt" if i % 3 else "reports"}) for i in range(12)]
    docs += [
        document("articles/gantt/zh/critical-path/", "zh", "关键路径", "<p>关键路径决定项目的最短工期。基线也有用。</p>",
                 {"id": "cp", "type": "article", "category": "gantt"}),
        document("articles/gantt/critical-path/", "en", "The critical path", "<p>The critical path sets the end date; 关键路径 in Chinese.</p>",
                 {"id": "cp", "type": "article", "category": "gantt"}),
        document("articles/calendar/", "en", "Working calendars",
                 '<p>Calendars set working days.</p><h2 id="holidays">Public holidays<a class="headerlink" href="#holidays">¶</a></h2>'
                 "<p>Add each public holiday once.</p>", {"id": "cal", "type": "article", "category": "gantt"}),
        document("articles/x/hostile/", "en", HOSTILE_TITLE, f"<p>{HOSTILE_BODY}</p>", {"id": "h", "type": "article", "category": "x"}),
    ]
    site = root / "site"
    site.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bundle, "POSTINGS_PER_SHARD", 8)  # many shards for a few pages, as at 5,000 articles
        stats = write_index(site, docs)
    assert stats["shards"] > 20
    meta = json.dumps({"lang": "en", "default_lang": "en", "langs": ["en", "zh"], "static": "index"})
    (site / "index.html").write_text(ssb.PAGE.format(lang="en", title="Home", meta=meta, header=ssb.HEADER_BOX, main="<h1>Home</h1>"),
                                     encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(
        ssb.PAGE.format(lang="en", title="Search", meta=meta, header="", main=ssb.RESULTS.format(lang="en")), encoding="utf-8")
    (site / "assets" / "kb").mkdir(parents=True)
    shutil.copy(ROOT / "theme" / "assets" / "kb" / "search.js", site / "assets" / "kb" / "search.js")
    return site


@pytest.fixture(scope="module")
def index_site(tmp_path_factory):
    with ssb.SiteServer(_site(tmp_path_factory.mktemp("static-index"))) as server:
        yield server.url


def _page(browser, page_errors):
    ctx = browser.new_context()
    ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = page_errors.watch(ctx.new_page())
    page.route("**/api/**", lambda route: route.fulfill(status=404, content_type="text/html", body="<h1>404</h1>"))
    return page


def _results(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#kb-search[data-kb-engine=index] .kb-search__summary")
    return page.locator(".kb-search__list li .kb-result__title").all_inner_texts()


def test_english_chinese_prefix_and_single_characters(browser, page_errors, index_site):
    page = _page(browser, page_errors)
    # The last word matches as a prefix; the highlight is on the word in the excerpt.
    titles = _results(page, f"{index_site}/search/?q=set+a+baselin")
    assert len(titles) == 10 and all(t.startswith("Set a baseline") for t in titles)
    marks = page.locator(".kb-search__list li").first.locator(".kb-result__snippet mark").all_inner_texts()
    assert [m.lower() for m in marks] == ["a", "baseline"]  # whole words ("a" not inside "planned"), the prefix's full word
    assert page.locator(".kb-search__summary").inner_text().startswith("12 results")
    # Chinese: pairs of characters, the Chinese page first (the query's language), the English page that
    # quotes the words after it; one character alone finds it too.
    titles = _results(page, f"{index_site}/search/?q=%E5%85%B3%E9%94%AE%E8%B7%AF%E5%BE%84")  # 关键路径
    assert titles == ["关键路径", "The critical path"]
    assert page.locator(".kb-search__list li").first.locator("mark").first.inner_text() == "关键路径"
    assert page.locator(".kb-search__list li").first.locator("a").get_attribute("href").endswith("/articles/gantt/zh/critical-path/")
    assert _results(page, f"{index_site}/search/?q=%E5%BE%84") == ["关键路径", "The critical path"]  # 径
    # Every word must be on the page.
    assert _results(page, f"{index_site}/search/?q=baseline+nowhere") == []
    assert not page_errors, page_errors


def test_facets_count_what_they_list_and_pages_turn(browser, page_errors, index_site):
    page = _page(browser, page_errors)
    _results(page, f"{index_site}/search/?q=baseline")
    assert page.locator(".kb-search__summary").inner_text().startswith("12 results")
    counts = {b.get_attribute("data-value"): int(b.locator(".kb-facet__count").inner_text())
              for b in page.locator(".kb-facet[data-facet=category] .kb-facet__value").all()}
    assert counts == {"gantt": 8, "reports": 4}
    page.locator(".kb-facet[data-facet=category] [data-value=reports]").click()
    page.wait_for_function("() => document.querySelectorAll('.kb-search__list li').length === 4")
    assert "category=reports" in page.url
    # Next page of the unfiltered results.
    _results(page, f"{index_site}/search/?q=baseline")
    page.locator(".kb-search__pages button").nth(1).click()
    page.wait_for_function("() => document.querySelector('.kb-search__list').start === 11")
    assert page.locator(".kb-search__list li").count() == 2
    assert not page_errors, page_errors


def test_a_result_links_to_the_section_of_its_first_match(browser, page_errors, index_site):
    page = _page(browser, page_errors)
    assert _results(page, f"{index_site}/search/?q=holiday") == ["Working calendars"]
    first = page.locator(".kb-search__list li").first
    assert first.locator(".kb-result__section").inner_text() == "Public holidays"
    assert first.locator("a").first.get_attribute("href").endswith("/articles/calendar/#holidays")
    # A match before any heading: the page itself.
    assert _results(page, f"{index_site}/search/?q=working+days") == ["Working calendars"]
    assert page.locator(".kb-search__list li .kb-result__section").count() == 0
    assert page.locator(".kb-search__list li a").first.get_attribute("href").endswith("/articles/calendar/")
    assert not page_errors, page_errors


def test_header_box_answers_from_the_static_index(browser, page_errors, index_site):
    page = _page(browser, page_errors)
    page.goto(f"{index_site}/")
    page.locator("#kb-hsearch-q").press_sequentially("critical", delay=20)
    page.wait_for_selector("[data-kb-search-box][data-kb-engine=index] #kb-hsearch-list [role=option]")
    assert "The critical path" in page.locator("#kb-hsearch-list [role=option]").first.inner_text()
    assert not page_errors, page_errors


def test_hostile_titles_and_bodies_stay_text(browser, page_errors, index_site):
    page = _page(browser, page_errors)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert _results(page, f"{index_site}/search/?q=pwned") == [HOSTILE_TITLE]
    snippet = page.locator(".kb-search__list li .kb-result__snippet").first
    assert "<script>window.__pwned=2</script>" in snippet.inner_text() and "<b>bold</b>" in snippet.inner_text()
    assert snippet.locator("mark").count() >= 1
    assert page.locator("#kb-search img, #kb-search script, #kb-search b").count() == 0
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert not page_errors, page_errors


def test_a_pasted_paragraph_reads_a_bounded_number_of_shards(browser, page_errors, index_site):
    page = _page(browser, page_errors)
    shards: list[str] = []
    page.on("request", lambda r: shards.append(r.url) if "/static-search/terms/" in r.url else None)
    words = "baseline " + " ".join(f"{chr(97 + i % 26)}{chr(97 + i // 26)}q{i}" for i in range(40))  # 40 different shard keys
    assert _results(page, f"{index_site}/search/?q={words.replace(' ', '+')}") == []  # every word counts, up to the cap
    assert 1 <= len(set(shards)) <= 12, shards
    assert not page_errors, page_errors
