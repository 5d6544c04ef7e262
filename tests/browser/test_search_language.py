"""Search in the reader's language and honest weak answers, in Chromium against the real service.

* A Chinese query on a Chinese page lists Chinese articles first and each article once (its English
  translation is offered beside it, not listed again).
* A question nothing answers well: the results page says so, still lists the weak matches, and
  "Ask this question" leads into the contributor portal with the question as the title.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def new_page(browser, page_errors):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    return page_errors.watch(ctx.new_page())


def listed(page) -> list[dict]:
    return page.locator(".kb-search__list > li").evaluate_all(
        """els => els.map(li => {
            const a = li.querySelector('a.kb-result');
            return {href: a.href, hreflang: a.hreflang || '', match: li.getAttribute('data-kb-match'),
                    also: [...li.querySelectorAll('.kb-result__also a')].map(x => ({href: x.href, lang: x.hreflang}))};
        })"""
    )


def test_a_chinese_query_on_a_chinese_page_lists_chinese_articles_first_and_each_once(sqlite_server, browser, page_errors, manifest):
    zh_article = next(p for p in manifest["pages"] if p["lang"] == "zh" and p["type"] == "article")
    page = new_page(browser, page_errors)
    page.goto(f"{sqlite_server.url}/{zh_article['url']}")
    with page.expect_response(lambda r: "/api/v1/search?" in r.url and "q=%E7%94%98" in r.url) as resp:
        page.goto(f"{sqlite_server.url}/zh/search/?q=甘特图%20基线")
    assert parse_qs(urlparse(resp.value.url).query)["reader_lang"] == ["zh"]  # the page's language is sent
    page.wait_for_selector(".kb-search__list li")
    rows = listed(page)
    assert rows and rows[0]["hreflang"] == "" and "/zh/" in rows[0]["href"], rows[0]  # Chinese first
    langs = [r["hreflang"] or "zh" for r in rows]
    assert langs == sorted(langs, key=lambda x: x != "zh"), langs  # every Chinese result before any other
    # Each article once: no listed page is also offered as another result's translation, none twice.
    hrefs = [r["href"] for r in rows]
    offered = [a["href"] for r in rows for a in r["also"]]
    assert len(set(hrefs)) == len(hrefs) and not set(hrefs) & set(offered)
    baseline = rows[0]
    assert [a["lang"] for a in baseline["also"]] == ["en"]
    assert page.locator(".kb-search__list > li").first.locator(".kb-result__also").inner_text().startswith("其他语言")
    # The count says what is listed (one page of results here).
    total = int(re.search(r"(\d+)", page.locator(".kb-search__summary").inner_text()).group(1))
    assert total == len(rows) or page.locator(".kb-search__pages").count() == 1
    assert not page_errors, page_errors


@pytest.mark.parametrize("lang, query, says, ask", [
    ("en", "zeppelin hangar baseline", "No article answers", "Ask this question"),
    ("zh", "飞艇 机库 基线", "没有文章能很好地回答", "提出这个问题"),
])
def test_no_good_answer_says_so_keeps_weak_matches_and_offers_to_ask(sqlite_server, browser, page_errors, lang, query, says, ask):
    page = new_page(browser, page_errors)
    prefix = "zh/" if lang == "zh" else ""
    page.goto(f"{sqlite_server.url}/{prefix}search/?q={query}")
    gap = page.locator(".kb-search__gap")
    gap.wait_for()
    assert gap.get_attribute("data-kb-answer") == "weak"
    assert says in gap.inner_text() and query in gap.inner_text()
    rows = listed(page)
    assert rows and all(r["match"] == "weak" for r in rows)  # the weak matches are still shown, below
    link = gap.locator("a.kb-search__ask")
    assert link.inner_text() == ask
    href = urlparse(link.get_attribute("href"))
    assert href.path == "/contribute/new" and parse_qs(href.query) == {"title": [query], "lang": [lang]}
    link.click()
    page.wait_for_url(re.compile(r"/contribute/"))  # the portal (its sign-in first, for a new visitor)
    assert page.locator("form").count() >= 1
    assert not page_errors, page_errors


def test_a_good_answer_shows_no_gap_notice(sqlite_server, browser, page_errors):
    page = new_page(browser, page_errors)
    page.goto(f"{sqlite_server.url}/search/?q=set%20a%20baseline")
    page.wait_for_selector(".kb-search__list li")
    assert page.locator(".kb-search__gap").count() == 0
    assert listed(page)[0]["match"] == "good"
    assert not page_errors, page_errors
