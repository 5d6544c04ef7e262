"""The search UI in Chromium: the header box (API as you type, ARIA combobox, keyboard), the results
page (facets, pagination, "did you mean", click beacon), the static index fallback when the API is down
or absent (Chinese included) and the bytes a first static query costs, at sample size, at 300
articles and at 5,000 (`slow`)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from static_search_bytes import Traffic  # noqa: E402  (the bench counts a first query's bytes the same way)


# -- helpers ----------------------------------------------------------------------------------------
def new_page(browser, page_errors, width=1280, height=900):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    # The theme asks Google for fonts; the tests never leave the machine.
    ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    return page_errors.watch(ctx.new_page())


def type_in_header(page, text: str) -> None:
    box = page.locator("#kb-hsearch-q")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=30)


def options(page):
    return page.locator("#kb-hsearch-list [role=option]")


def wait_engine(page, selector: str, engine: str) -> None:
    page.wait_for_function(
        "([sel, eng]) => { const e = document.querySelector(sel); return e && e.getAttribute('data-kb-engine') === eng; }",
        arg=[selector, engine], timeout=15000,
    )


# -- API mode -----------------------------------------------------------------------------------------
def test_header_box_uses_the_api_as_you_type(sqlite_server, browser, page_errors, built_site):
    page = new_page(browser, page_errors)
    traffic = Traffic(page)
    api_calls: list[str] = []
    page.on("request", lambda r: api_calls.append(r.url) if "/api/v1/search" in r.url else None)
    page.goto(f"{sqlite_server.url}/articles/gantt/set-a-baseline/")

    # English
    type_in_header(page, "baseline")
    wait_engine(page, "[data-kb-search-box]", "api")
    expect_options(page, min_count=3)
    assert any("/api/v1/search?q=baseline" in u for u in api_calls), api_calls
    # Debounced: typing eight letters did not send eight requests.
    assert len([u for u in api_calls if "q=b" in u]) <= 3, api_calls
    first = options(page).first
    assert "Set a baseline" in first.inner_text()
    assert first.locator("mark").count() > 0, "snippet highlights are kept"
    box = page.locator("#kb-hsearch-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "kb-hsearch-list"

    # Keyboard: arrows move the active option, Escape closes the list.
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "kb-hsearch-opt-0"
    assert options(page).nth(0).get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "kb-hsearch-opt-1"
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == "kb-hsearch-opt-0"
    box.press("Escape")
    assert box.get_attribute("aria-activedescendant") is None
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    # Chinese, on the same page
    with page.expect_response(lambda r: "/api/v1/search?q=" in r.url and "%E5%9F%BA%E7%BA%BF" in r.url) as resp:
        type_in_header(page, "甘特图 基线")
    assert resp.value.status == 200 and resp.value.json()["total"] > 0
    page.wait_for_function("() => document.querySelector('#kb-hsearch-status').textContent.includes('results') && "
                           "document.querySelector('#kb-hsearch-list').innerText.includes('基线')", timeout=15000)

    # Enter on an active option opens that result (through Material's instant navigation), and
    # the box still works on the next page (bound once, survives the content swap).
    box.press("ArrowDown")
    target = options(page).nth(0).locator("a").get_attribute("href")
    with page.expect_request(lambda r: "/api/v1/search/click" in r.url) as click:
        box.press("Enter")
    assert json.loads(click.value.post_data)["position"] == 1
    page.wait_for_url(target.split("#")[0] + "*")
    type_in_header(page, "critical path")
    expect_options(page, min_count=1)

    # Material's own search index is never downloaded.
    assert not [u for u in traffic.urls if "search_index.json" in u]
    assert not [u for u in traffic.urls if "/static-search/" in u], "the static index loads only when the API fails"
    assert not page_errors, page_errors


def expect_options(page, min_count: int) -> None:
    page.wait_for_function(f"() => document.querySelectorAll('#kb-hsearch-list [role=option]').length >= {min_count}",
                           timeout=15000)


def test_results_page_facets_pagination_and_click_beacon(sqlite_server, browser, page_errors):
    page = new_page(browser, page_errors)
    page.goto(f"{sqlite_server.url}/articles/gantt/set-a-baseline/")
    type_in_header(page, "baseline")
    expect_options(page, 1)
    page.locator("#kb-hsearch-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=baseline$"))
    page.wait_for_selector(".kb-search__list li")
    wait_engine(page, "#kb-search", "api")
    summary = page.locator(".kb-search__summary").inner_text()
    total = int(re.search(r"(\d+) results", summary).group(1))
    assert total > 10
    for facet in ("type", "category", "tag", "lang"):
        assert page.locator(f".kb-facet[data-facet={facet}] .kb-facet__value").count() >= 1, facet
    assert page.locator(".kb-search__list li").count() == 10
    assert page.locator(".kb-search__pages").is_visible()

    # A facet narrows the results and goes into the URL (shareable, back button works).
    zh = page.locator(".kb-facet[data-facet=lang] .kb-facet__value[data-value=zh]")
    expected = int(zh.locator(".kb-facet__count").inner_text())
    with page.expect_response(lambda r: "/api/v1/search?" in r.url and "lang=zh" in r.url):
        zh.click()
    page.wait_for_function(f"() => /{expected} results?/.test((document.querySelector('.kb-search__summary') || {{}}).textContent)")
    assert "lang=zh" in page.url
    assert page.locator(".kb-facet[data-facet=lang] [aria-pressed=true]").count() == 1
    hrefs = page.locator(".kb-search__list a.kb-result").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all("/zh/" in h for h in hrefs), hrefs
    page.go_back()
    page.wait_for_function(f"() => /{total} results/.test((document.querySelector('.kb-search__summary') || {{}}).textContent)")
    assert "lang=zh" not in page.url

    # Next page
    page.locator(".kb-search__pages button", has_text="Next").click()
    page.wait_for_function("() => document.querySelector('.kb-search__list').start === 11")
    assert "page=2" in page.url

    # "Did you mean" for a typo, and the click beacon for a result.
    page.goto(f"{sqlite_server.url}/search/?q=baselin%20comparsion")
    page.wait_for_selector(".kb-search__list li, .kb-search__suggestion")
    if page.locator(".kb-search__suggestion").count():
        assert page.locator(".kb-search__suggestion a").inner_text()
    page.goto(f"{sqlite_server.url}/search/?q=baseline")
    link = page.locator(".kb-search__list a.kb-result").nth(1)
    link.wait_for()
    with page.expect_request(lambda r: "/api/v1/search/click" in r.url) as beacon:
        link.click()
    body = json.loads(beacon.value.post_data)
    # (the id of the second result the page was given; which page that is, is the ranking's business)
    second = sqlite_server.get_json("/api/v1/search?q=baseline&reader_lang=en")[1]["results"][1]["id"]
    assert body["query"] == "baseline" and body["position"] == 2 and body["result_id"] == second
    assert not page_errors, page_errors


def test_chinese_pages_use_the_chinese_results_page(sqlite_server, browser, page_errors, manifest):
    zh_article = next(p for p in manifest["pages"] if p["lang"] == "zh" and p["type"] == "article")
    page = new_page(browser, page_errors)
    page.goto(f"{sqlite_server.url}/{zh_article['url']}")
    assert page.locator("#kb-hsearch-q").get_attribute("placeholder") == "搜索帮助中心"
    type_in_header(page, "基线")
    expect_options(page, 1)
    page.locator("#kb-hsearch-q").press("Enter")
    page.wait_for_url(re.compile(r"/zh/search/\?q="))
    page.wait_for_selector(".kb-search__list li")
    assert "条结果" in page.locator(".kb-search__summary").inner_text()
    assert page.locator(".kb-facet[data-facet=type] .kb-facet__title").inner_text().strip() == "类型"
    assert not page_errors, page_errors


def test_phone_header_search_opens_material_overlay(sqlite_server, browser, page_errors):
    page = new_page(browser, page_errors, 390, 844)
    page.goto(f"{sqlite_server.url}/articles/gantt/set-a-baseline/")
    box = page.locator("#kb-hsearch-q")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'kb-hsearch-q'")
    page.wait_for_timeout(400)  # Material's overlay transition
    rect = box.bounding_box()
    assert rect and rect["x"] >= 0 and rect["x"] + rect["width"] <= 391 and rect["y"] < 100, rect
    box.press_sequentially("excel", delay=30)
    expect_options(page, 1)
    assert options(page).first.is_visible()
    # Escape twice: close the list, then the overlay (Material's #__search toggle).
    box.press("Escape")
    box.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    assert not page_errors, page_errors


def test_api_fields_are_text_and_snippets_keep_only_mark(sqlite_server, browser, page_errors):
    page = new_page(browser, page_errors)
    evil = {
        "query": "x", "total": 1, "page": 1, "per_page": 7, "suggestion": None,
        "facets": {"type": {"<b>t</b>": 1}, "lang": {}, "category": {}, "tag": {}},
        "results": [{
            "id": "kb-evil", "type": "article", "title": "<img src=x onerror=window.__pwned=1>Title", "url": "articles/x/",
            "source": "x.md", "lang": "en", "category": None, "tags": [], "score": 1,
            "snippet": "a <mark>hit</mark> <img src=x onerror=window.__pwned=2><script>window.__pwned=3</script><b>bold</b>",
            "section": {"title": "<i>Section</i>", "anchor": "s"},
        }],
    }
    page.route("**/api/v1/search?*", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(evil)))
    page.goto(f"{sqlite_server.url}/articles/gantt/set-a-baseline/")
    type_in_header(page, "xss")
    expect_options(page, 1)
    item = options(page).first
    assert "<img src=x onerror=window.__pwned=1>Title" in item.locator(".kb-result__title").inner_text()
    assert item.locator(".kb-result__section").inner_text() == "<i>Section</i>"
    assert item.locator("mark").inner_text() == "hit"
    assert item.locator("img, script, b, i").count() == 0
    page.goto(f"{sqlite_server.url}/search/?q=xss")
    page.wait_for_selector(".kb-search__list li")
    assert page.locator("#kb-search img, #kb-search script, #kb-search b").count() == 0
    assert page.evaluate("window.__pwned") is None


# -- static fallback -----------------------------------------------------------------------------------
def test_api_down_falls_back_to_the_static_index_for_chinese(sqlite_server, browser, page_errors, built_site):
    page = new_page(browser, page_errors)
    page.route("**/api/**", lambda route: route.fulfill(status=503, content_type="application/json",
                                                         body='{"error": {"code": "unavailable", "message": "down"}}'))
    traffic = Traffic(page)
    page.goto(f"{sqlite_server.url}/articles/gantt/set-a-baseline/")
    page.wait_for_load_state("networkidle")
    mark = traffic.mark()
    type_in_header(page, "基线")
    wait_engine(page, "[data-kb-search-box]", "index")
    expect_options(page, 3)
    assert "基线" in options(page).first.inner_text()
    assert options(page).first.locator("mark").count() > 0
    page.wait_for_load_state("networkidle")
    rows = traffic.since(mark)
    spent = sum(n for _, n in rows)
    index = built_site / "search" / "search_index.json"  # absent when the plugin turns Material's search off
    material_index = index.stat().st_size if index.exists() else None
    print(f"\nfirst static query, sample site: {spent} bytes in {len(rows)} responses "
          f"(Material's search_index.json: {material_index} bytes)")
    for url, n in rows:
        print(f"  {n:>8}  {url}")
    assert any("/static-search/terms/" in u for u, _ in rows)
    assert not [u for u in traffic.urls if "search_index.json" in u]
    assert spent < 300_000, rows
    if material_index:
        assert spent < material_index
    # Enter: the results page, still from the static index, with its filters.
    page.locator("#kb-hsearch-q").press("Enter")
    page.wait_for_selector(".kb-search__list li")
    wait_engine(page, "#kb-search", "index")
    assert page.locator(".kb-search__note").is_visible()
    assert page.locator(".kb-facet[data-facet=category] .kb-facet__value").count() >= 2
    page_errors[:] = [e for e in page_errors if "503" not in e]
    assert not page_errors, page_errors


def test_static_hosting_without_api(static_site, browser, page_errors, built_site):
    """A plain file server: /api/v1/search is a 404 HTML page, so the static index answers."""
    page = new_page(browser, page_errors)
    page.goto(f"{static_site}/search/?q=%E5%B7%A5%E4%BD%9C%E8%B4%9F%E8%BD%BD")  # 工作负载
    page.wait_for_selector(".kb-search__list li", timeout=15000)
    wait_engine(page, "#kb-search", "index")
    # Chinese pages first (the query's language), each count what its filter lists.
    assert page.locator(".kb-search__list li").first.get_attribute("data-kb-match") is None
    assert "工作负载" in page.locator(".kb-search__list li").first.inner_text()
    assert page.locator(".kb-search__list li mark").count() > 0
    zh = page.locator(".kb-facet[data-facet=lang] [data-value=zh] .kb-facet__count")
    assert int(zh.inner_text()) == int(page.locator(".kb-search__list li").count()) or int(zh.inner_text()) > 10
    n_before = page.locator(".kb-search__list li").count()
    cat = page.locator(".kb-facet[data-facet=category] .kb-facet__value").first
    expected = int(cat.locator(".kb-facet__count").inner_text())
    cat.click()
    page.wait_for_function(f"() => document.querySelectorAll('.kb-search__list li').length === {min(expected, 10)}")
    assert "category=" in page.url
    assert expected <= n_before or n_before == 10
    # English on the same page: English pages, the word's longer forms too (the last word is a prefix).
    page.locator("#kb-search-q").fill("workl")
    page.locator("#kb-search-q").press("Enter")
    page.wait_for_function("() => document.querySelector('.kb-search__list li mark')"
                           " && /workl/i.test(document.querySelector('.kb-search__list li mark').textContent)")
    assert page.locator(".kb-facet[data-facet=lang] [data-value=en] .kb-facet__count").count() == 1
    page_errors[:] = [e for e in page_errors if "404" not in e]
    assert not page_errors, page_errors


# -- screenshots -----------------------------------------------------------------------------------------
SHOTS = ROOT / "docs" / "screenshots"


def test_screenshots_of_the_results_page(sqlite_server, browser, page_errors, tmp_path):
    """Layout checks at desktop and phone width; KB_SCREENSHOTS=1 also refreshes docs/screenshots/."""
    shots = SHOTS if os.environ.get("KB_SCREENSHOTS") else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    for name, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
        page = new_page(browser, page_errors, width, height)
        page.goto(f"{sqlite_server.url}/search/?q=baseline")
        page.wait_for_selector(".kb-search__list li")
        wait_engine(page, "#kb-search", "api")
        if name == "phone":  # the filters fold behind a button there
            toggle = page.locator("#kb-facets-toggle")
            assert toggle.is_visible() and not page.locator(".kb-facet").first.is_visible()
            toggle.click()
            assert page.locator(".kb-facet").first.is_visible()
        else:
            assert not page.locator("#kb-facets-toggle").is_visible()
        page.evaluate("document.fonts && document.fonts.ready")
        page.mouse.move(0, 0)
        page.screenshot(path=str(shots / f"search-{name}.png"), full_page=False)
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        page.context.close()
    assert not page_errors, page_errors


# -- the bytes of a first static query at scale (bench/static_search_bytes.py) ---------------------------
STATIC_BUDGET = 150_000  # issue 15: a first static query at 5,000 articles


def static_query_traffic(tmp_path: Path, browser, n: int) -> dict:
    """bench/static_search_bytes.py's synthetic help center of ``n`` articles, indexed as `kb build`
    indexes it and served as `kb serve` serves it: {(query, "header" | "results"): [(url, bytes)]}."""
    import static_search_bytes as ssb  # noqa: E402
    import synth  # noqa: E402

    synth.generate(tmp_path / "kb", n, seed=1)
    ssb.synthetic_site(tmp_path / "kb", tmp_path / "site")
    with ssb.SiteServer(tmp_path / "site") as server:
        return {(q, where): ssb.first_query(browser, server.url, q, where) for q in ssb.QUERIES for where in ("header", "results")}


def report(traffic: dict) -> str:
    return "\n".join(f"  {q!r} {w}: {sum(n for _, n in rows):,} bytes in {len(rows)} responses" for (q, w), rows in traffic.items())


def test_a_first_static_query_downloads_little(tmp_path, browser):
    """At 300 articles (the 5,000-article test is `slow`; bench/static_search_bytes.py gives the figures
    in docs/performance.md)."""
    traffic = static_query_traffic(tmp_path, browser, 300)
    print("\nfirst static query, 300 articles, bytes on the wire:\n" + report(traffic))
    for (query, where), rows in traffic.items():
        paths = [u.split("?")[0] for u, _ in rows]
        shown = 7 if where == "header" else 10
        # Only the documents of the results shown, each once, and the shards of the query's words.
        assert len([p for p in paths if "/static-search/docs/" in p]) == shown, (query, where, paths)
        assert 1 <= len([p for p in paths if "/static-search/terms/" in p]) <= 3, (query, where, paths)
        assert paths.count(paths[0]) == 1 and len(set(paths)) == len(paths), paths
        # The facet counts only on the results page.
        assert len([p for p in paths if p.endswith("/static-search/facets.json")]) == (1 if where == "results" else 0), paths
        doc = next(n for u, n in rows if "/static-search/docs/" in u)
        assert doc < 3_000, f"a document took {doc} bytes: not compressed"
    assert max(sum(n for _, n in rows) for rows in traffic.values()) <= STATIC_BUDGET, report(traffic)


@pytest.mark.slow
def test_first_static_query_at_5000_articles_stays_within_the_budget(tmp_path, browser):
    traffic = static_query_traffic(tmp_path, browser, 5000)
    print("\nfirst static query, 5,000 articles, bytes on the wire:\n" + report(traffic))
    for rows in traffic.values():
        assert sum(n for _, n in rows) <= STATIC_BUDGET
