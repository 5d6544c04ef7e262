"""The feedback loop end to end: the widget in Chromium -> `kb serve` -> the staff dashboard.

Runs against the real service on a SQLite file and on PostgreSQL (``live_server``). The widget's
offline outbox, its behaviour with no API at all, and its Chinese labels and keyboard use run on
SQLite only (their subject is the browser side). ``KB_SCREENSHOTS=1`` also refreshes
docs/screenshots/feedback-widget-{desktop,phone}.png.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WIDGET = "form[data-kb-feedback]"
HTML_COMMENT = "<img src=x onerror=alert(1)><b>bold</b> — the steps skip the export dialog"
STAFF_EMAIL = "editor@example.com"
STAFF_PASSWORD = "correct horse battery staple 42"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# -- helpers ----------------------------------------------------------------------------------
def articles(manifest: dict, lang: str) -> list[dict]:
    return [p for p in manifest["pages"] if p["type"] == "article" and p["lang"] == lang]


def article_with_related(manifest: dict, site: Path) -> tuple[dict, dict]:
    """An English article whose built page links (related articles) to another article."""
    by_path = {"/" + p["url"].strip("/") + "/": p for p in manifest["pages"]}
    for page in articles(manifest, "en"):
        html = (site / page["url"] / "index.html").read_text(encoding="utf-8")
        aside = re.search(r'<aside class="kb-related".*?</aside>', html, re.S)
        for href in re.findall(r'href="([^"]+)"', aside.group(0) if aside else ""):
            path = urlparse(urljoin("http://x/" + page["url"], href)).path
            target = by_path.get(path)
            if target and target["type"] == "article" and target["id"] != page["id"]:
                return page, target
    pytest.fail("no English article in the sample site links to another article under 'Related articles'")


def widget(page, article_id: str):
    """The bound (visible) widget of ``article_id``, once feedback.js has shown it."""
    form = page.locator(f'{WIDGET}[data-kb-page-id="{article_id}"]')
    form.wait_for(state="visible", timeout=10_000)
    return form


def status_text(page, contains: str) -> str:
    status = page.locator(f"{WIDGET} [data-kb-status]")
    page.wait_for_function(
        "([sel, text]) => (document.querySelector(sel)?.textContent || '').includes(text)",
        arg=[f"{WIDGET} [data-kb-status]", contains], timeout=10_000,
    )
    return status.text_content()


def outbox(page) -> list[dict]:
    return json.loads(page.evaluate("localStorage.getItem('kb-feedback-outbox') || '[]'"))


def new_page(browser, page_errors, **kwargs):
    context = browser.new_context(**{"viewport": DESKTOP, **kwargs})
    return context, page_errors.watch(context.new_page())


# -- the whole loop, on SQLite and PostgreSQL ---------------------------------------------------
def test_feedback_loop_reaches_the_dashboard(live_server, browser, manifest, built_site, page_errors):
    first, second = article_with_related(manifest, built_site)
    context, page = new_page(browser, page_errors)
    try:
        page.goto(f"{live_server.url}/{first['url']}")
        form = widget(page, first["id"])
        assert form.locator("legend").first.text_content().strip() == "Was this helpful?"

        # "No" opens the reasons; focus moves into them.
        form.get_by_role("button", name="No", exact=True).click()
        assert page.evaluate("document.activeElement.name") == "reason"
        reasons = form.get_by_role("group", name="What went wrong?")
        assert reasons.get_by_role("radio").count() == 5
        reasons.get_by_label("It is unclear").check()
        form.get_by_label("Anything else we should know? (optional)").fill(HTML_COMMENT)
        assert form.locator("[data-kb-counter]").text_content() == f"{len(HTML_COMMENT)} / 2000"
        form.get_by_role("button", name="Send").click()
        assert "Thank you" in status_text(page, "Thank you")
        assert page.evaluate("document.activeElement.hasAttribute('data-kb-status')")

        # Instant navigation to the related article: no full reload, and the widget is bound anew.
        page.evaluate("window.__kbMarker = 'still here'")
        page.locator(".kb-related a").filter(has_text=second["title"]).first.click()
        form = widget(page, second["id"])
        assert urlparse(page.url).path == f"/{second['url']}"
        assert page.evaluate("window.__kbMarker") == "still here", "the page fully reloaded"
        form.get_by_role("button", name="Yes", exact=True).click()
        status_text(page, "Thank you")

        for article, expected in ((first, (0, 1, 1)), (second, (1, 0, 1))):
            summary = live_server.summary(article["id"])
            assert summary["article_id"] == article["id"]
            assert (summary["helpful"], summary["not_helpful"], summary["total"]) == expected
        assert outbox(page) == []

        # A revisit shows the remembered vote; changing it changes the server's count.
        page.goto(f"{live_server.url}/{second['url']}")
        form = widget(page, second["id"])
        previous = form.locator("[data-kb-step=previous]")
        assert previous.is_visible() and "You said: Yes" in " ".join(previous.text_content().split())
        assert not form.get_by_role("button", name="Yes", exact=True).is_visible()

        # The staff dashboard shows both votes and the comment, as text.
        live_server.create_staff(STAFF_EMAIL, STAFF_PASSWORD)
        admin = page_errors.watch(context.new_page())
        admin.goto(f"{live_server.url}/admin/")
        admin.get_by_label("E-mail").fill(STAFF_EMAIL)
        admin.get_by_label("Password").fill(STAFF_PASSWORD)
        admin.get_by_role("button", name="Sign in").click()
        admin.wait_for_url(re.compile(r"/admin/(\?.*)?$"))
        admin.goto(f"{live_server.url}/admin/?min_votes=1")
        ranking = admin.locator("table.ranking")
        for article in (first, second):
            row = ranking.locator("tbody tr").filter(has_text=article["title"])
            assert row.count() == 1, f"{article['title']} is not ranked on the dashboard"
            assert row.locator("td[data-label=Votes]").text_content().strip() == "1"
        comment = admin.locator("table.comments td.comment").filter(has_text="<b>bold</b>")
        assert comment.count() == 1 and comment.is_visible()
        assert comment.text_content().strip() == HTML_COMMENT
        assert comment.locator("b, img").count() == 0
        assert admin.locator("img[src=x], img[onerror]").count() == 0
        row = admin.locator("table.comments tbody tr").filter(has_text="<b>bold</b>")
        assert first["title"] in row.text_content() and "unclear" in row.text_content()

        # Changing the vote on the revisit replaces it server-side (one vote per visitor).
        previous.get_by_role("button", name="Change your answer").click()
        assert page.evaluate("document.activeElement.dataset.kbVote") == "yes"
        form.get_by_role("button", name="No", exact=True).click()
        form.get_by_role("button", name="Skip").click()
        status_text(page, "Thank you")
        summary = live_server.summary(second["id"])
        assert (summary["helpful"], summary["not_helpful"], summary["total"]) == (0, 1, 1)
        assert page_errors == []
    finally:
        context.close()


# -- the outbox: 5xx and offline ----------------------------------------------------------------
def test_votes_wait_in_the_outbox_until_the_api_is_back(sqlite_server, browser, manifest, page_errors):
    first, second = articles(manifest, "en")[:2]
    context, page = new_page(browser, page_errors)
    try:
        # The API answers 503: the vote is kept in localStorage ...
        page.route("**/api/v1/votes", lambda route: route.fulfill(
            status=503, content_type="application/json",
            body='{"error": {"code": "unavailable", "message": "down", "details": {}}}'))
        page.goto(f"{sqlite_server.url}/{first['url']}")
        widget(page, first["id"]).get_by_role("button", name="Yes", exact=True).click()
        assert "sent automatically" in status_text(page, "saved")
        queued = outbox(page)
        assert [e["body"]["article_id"] for e in queued] == [first["id"]]
        assert queued[0]["body"]["helpful"] is True and len(queued[0]["body"]["visitor"]) >= 16
        assert sqlite_server.summary(first["id"])["total"] == 0

        # ... and sent on the next page load once the API is back.
        page.unroute("**/api/v1/votes")
        page.reload()
        widget(page, first["id"])
        page.wait_for_function("(localStorage.getItem('kb-feedback-outbox') || '[]') === '[]'", timeout=10_000)
        assert sqlite_server.summary(first["id"])["helpful"] == 1

        # Offline (requests to the API fail at the network level), then the `online` event sends it.
        page.goto(f"{sqlite_server.url}/{second['url']}")
        form = widget(page, second["id"])
        context.set_offline(True)
        form.get_by_role("button", name="No", exact=True).click()
        form.get_by_label("It is outdated").check()
        form.get_by_role("button", name="Send").click()
        status_text(page, "saved")
        assert [(e["body"]["article_id"], e["body"].get("reason")) for e in outbox(page)] == [(second["id"], "outdated")]
        context.set_offline(False)
        page.wait_for_function("(localStorage.getItem('kb-feedback-outbox') || '[]') === '[]'", timeout=10_000)
        summary = sqlite_server.summary(second["id"])
        assert (summary["helpful"], summary["not_helpful"]) == (0, 1)
        assert page_errors == []
    finally:
        context.close()


def test_a_helpful_vote_on_a_page_reached_from_search_teaches_that_query(sqlite_server, browser, manifest, page_errors):
    """search.js sends the visitor token with the click and remembers the search; feedback.js
    sends that search with the vote on the page it led to (docs/search.md, learning)."""
    context, page = new_page(browser, page_errors)
    try:
        page.goto(f"{sqlite_server.url}/search/?q=baseline")
        page.evaluate("localStorage.setItem('kb-feedback-visitor', JSON.stringify('ab'.repeat(16)))")
        # (Playwright does not show a sendBeacon body: the fallback fetch sends the same one)
        page.add_init_script("Navigator.prototype.sendBeacon = undefined")
        page.reload()
        beacons: list = []
        page.route("**/api/v1/search/click", lambda route: (beacons.append(route.request.post_data), route.continue_()))
        link = page.locator(".kb-search__list a.kb-result").nth(0)
        link.wait_for()
        link.click()
        page.wait_for_load_state()
        page.wait_for_function("() => sessionStorage.getItem('kb-search-from') !== null")
        clicked = json.loads(page.evaluate("sessionStorage.getItem('kb-search-from')"))
        assert clicked["query"] == "baseline"
        clicked["result_id"] = clicked["id"]
        assert [json.loads(b)["visitor"] for b in beacons] == ["ab" * 16]
        form = widget(page, clicked["result_id"])
        with page.expect_request(lambda r: r.method == "POST" and "/api/v1/votes" in r.url) as sent:
            form.get_by_role("button", name="Yes", exact=True).click()
        body = sent.value.post_data_json
        assert body["search_query"] == "baseline" and body["article_id"] == clicked["result_id"]
        assert page_errors == []
    finally:
        context.close()


def test_the_site_works_with_no_api_at_all(static_site, browser, manifest, page_errors):
    article = articles(manifest, "en")[0]
    context, page = new_page(browser, page_errors)
    try:
        page.goto(f"{static_site}/")
        assert page.locator(WIDGET).count() == 0  # the home page is not an article
        page.goto(f"{static_site}/{article['url']}")
        form = widget(page, article["id"])
        form.get_by_role("button", name="No", exact=True).click()
        form.get_by_role("button", name="Send").click()
        status_text(page, "saved")
        assert [e["body"]["article_id"] for e in outbox(page)] == [article["id"]]
        assert page_errors == []
    finally:
        context.close()


# -- Chinese labels and the keyboard ------------------------------------------------------------
def test_chinese_article_labels_and_keyboard(sqlite_server, browser, manifest, page_errors):
    article = articles(manifest, "zh")[0]
    context, page = new_page(browser, page_errors)
    try:
        sent = []
        page.on("request", lambda r: r.method == "POST" and "/api/v1/votes" in r.url and sent.append(r.post_data_json))
        page.goto(f"{sqlite_server.url}/{article['url']}")
        form = widget(page, article["id"])
        assert form.get_attribute("lang") == "zh"
        assert form.locator("legend").first.text_content().strip() == "这篇文章对您有帮助吗？"
        yes, no = form.get_by_role("button", name="有帮助", exact=True), form.get_by_role("button", name="没有帮助")
        assert yes.is_visible() and no.is_visible()

        # Keyboard only: focus "No", Enter, arrow through the reasons, Tab to the comment, submit.
        no.focus()
        page.keyboard.press("Enter")
        group = form.get_by_role("group", name="哪里需要改进？")
        labels = [" ".join(t.split()) for t in group.locator("label").all_text_contents()]
        assert labels == ["内容已过时", "表述不清楚", "内容不完整", "没有解决我的问题", "其他"]
        assert page.evaluate("document.activeElement.value") == "outdated"
        page.keyboard.press("ArrowDown")  # moves to and checks the next radio
        assert page.evaluate("document.activeElement.value") == "unclear"
        assert form.locator("input[name=reason]:checked").get_attribute("value") == "unclear"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
        page.keyboard.type("步骤截图已过时")
        assert form.locator("[data-kb-counter]").text_content() == "7 / 2000"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "提交"
        page.keyboard.press("Enter")
        assert status_text(page, "感谢") == "感谢您的反馈！"
        assert page.evaluate("document.activeElement.getAttribute('role')") == "status"

        summary = sqlite_server.summary(article["id"])
        assert (summary["helpful"], summary["not_helpful"]) == (0, 1)
        assert sent and sent[-1]["lang"] == "zh" and sent[-1]["reason"] == "unclear"
        assert sent[-1]["comment"] == "步骤截图已过时"
        page.goto(f"{sqlite_server.url}/{article['url']}")
        previous = widget(page, article["id"]).locator("[data-kb-step=previous]")
        assert "您的评价： 没有帮助" in " ".join(previous.text_content().split())
        assert previous.get_by_role("button", name="修改评价").is_visible()
        assert page_errors == []
    finally:
        context.close()


# -- screenshots for docs/ (only when asked) ---------------------------------------------------
@pytest.mark.skipif(not os.environ.get("KB_SCREENSHOTS"), reason="set KB_SCREENSHOTS=1 to refresh the screenshots")
def test_screenshots(static_site, browser, manifest):
    article = articles(manifest, "en")[0]
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, device_scale_factor=1 if name == "desktop" else 2)
        page = context.new_page()
        page.route("**/api/v1/votes", lambda route: route.fulfill(status=201, content_type="application/json",
                                                                 body="{}"))
        page.goto(f"{static_site}/{article['url']}")
        form = widget(page, article["id"])
        form.get_by_role("button", name="No", exact=True).click()
        form.get_by_label("It is incomplete").check()
        form.locator("textarea").fill("The export dialog looks different in 3.2.")
        page.keyboard.press("Tab")  # focus on "Send" shows the focus style
        # One downward scroll from the top: scrolling up would bring Material's "Back to top" over it.
        page.evaluate("document.querySelector('form[data-kb-feedback]').scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"feedback-widget-{name}.png"))
        context.close()
