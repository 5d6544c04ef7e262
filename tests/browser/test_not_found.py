"""The site's 404 page, served by `kb serve`: an unknown alert URL offers signed-in staff the closest
alerts (runbooks are internal) and everyone a search."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def test_unknown_alert_lists_the_closest_alerts_and_a_search(browser, sqlite_server, page_errors, staff_signed_in):
    url = sqlite_server.url + "/runbooks/alerts/ImportQueueBacklogHig/"
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(url, timeout=10)
    assert answer.value.code == 404  # still a 404 for monitoring and crawlers
    anonymous = page_errors.watch(browser.new_page())
    try:  # the public site has no alert list: the search only
        anonymous.goto(url)
        anonymous.locator("#kb-not-found-q").wait_for(timeout=10_000)
        anonymous.wait_for_load_state("networkidle")
        assert anonymous.locator(".kb-not-found__alerts").is_hidden()
    finally:
        anonymous.close()
    page = page_errors.watch(staff_signed_in(sqlite_server))
    try:
        page.goto(url)
        closest = page.locator(".kb-not-found__alerts li a")
        closest.first.wait_for(timeout=10_000)
        names = closest.all_text_contents()
        assert names[0] == "ImportQueueBacklogHigh"
        assert "ImportQueueBacklogHig" in page.locator(".kb-not-found__alerts").inner_text()
        assert page.locator("#kb-not-found-q").input_value() == "Import Queue Backlog Hig"
        closest.first.click()
        page.wait_for_url("**/runbooks/import-worker/ImportQueueBacklogHigh/", timeout=10_000)
        assert page.locator("h1").first.inner_text() != "404 - Not found"

        page.goto(url)
        page.locator("#kb-not-found-q").fill("import backlog")
        page.locator("#kb-not-found button[type=submit]").click()
        page.wait_for_url("**/search/?q=import+backlog", timeout=10_000)
    finally:
        page.close()
    assert page_errors == []


def test_an_alert_name_in_the_url_is_shown_as_text(browser, sqlite_server, staff_signed_in):
    page = staff_signed_in(sqlite_server)
    try:
        page.goto(sqlite_server.url + "/runbooks/alerts/%3Cimg%20src=x%20onerror=alert(1)%3E/")
        name = page.locator(".kb-not-found__name")
        name.wait_for(timeout=10_000)
        assert name.inner_text() == "<img src=x onerror=alert(1)>"
        assert page.locator("#kb-not-found img").count() == 0
    finally:
        page.close()
