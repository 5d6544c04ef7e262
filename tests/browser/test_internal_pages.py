"""The staff journey for internal pages (runbooks): an anonymous reader neither sees nor finds them;
a staff member signs in, then browses the same site, reads a runbook with its "internal" badge and
finds it with the site's search box."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RUNBOOK = "/runbooks/search/SearchIndexStale/"


def search_results(page, base: str, query: str) -> list[str]:
    page.goto(f"{base}/search/?q={query}")
    page.wait_for_selector(".kb-search__list li, .kb-search__empty, .kb-search__suggestion", timeout=10_000)
    return page.locator(".kb-search__list a.kb-result").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def test_staff_read_and_find_internal_pages_anonymous_readers_do_not(browser, sqlite_server, page_errors, staff_signed_in):
    base = sqlite_server.url
    reader = page_errors.watch(browser.new_context().new_page())
    try:
        assert reader.goto(base + RUNBOOK).status == 404
        reader.goto(base + "/")
        assert reader.get_by_role("link", name="Runbooks").count() == 0
        assert not any("runbooks/" in (h or "") for h in search_results(reader, base, "SearchIndexStale"))
    finally:
        reader.close()

    staff = page_errors.watch(staff_signed_in(sqlite_server))
    try:
        staff.goto(base + "/")
        staff.get_by_role("link", name="Runbooks").first.click()  # the internal build's navigation
        staff.wait_for_url("**/runbooks/")
        assert staff.goto(base + RUNBOOK).status == 200
        badge = staff.locator(".kb-internal")
        assert badge.is_visible() and badge.inner_text().strip().lower() == "internal"
        assert staff.locator("h1").first.inner_text() == "Search index is stale"
        hits = search_results(staff, base, "SearchIndexStale")
        assert any("runbooks/search/SearchIndexStale/" in (h or "") for h in hits), hits
        staff.locator(".kb-search__list a.kb-result", has_text="Search index is stale").first.click()
        staff.wait_for_url("**" + RUNBOOK + "**")
        assert staff.locator(".kb-internal").is_visible()
    finally:
        staff.close()
    assert page_errors == []
