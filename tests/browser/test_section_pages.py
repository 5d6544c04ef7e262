"""Release, runbook and incident pages work in a real browser at desktop and phone widths.

``KB_SCREENSHOTS=1`` also refreshes the screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = {"releases": "releases/", "runbooks": "runbooks/", "incidents": "incidents/",
         "zh-releases": "zh/releases/", "zh-runbooks": "zh/runbooks/", "zh-incidents": "zh/incidents/"}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_index_page_fits_the_screen(browser, request, name, width):
    # Runbooks are internal: they are in the internal build only.
    site = request.getfixturevalue("static_internal_site" if name == "runbooks" else "static_site")
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    try:
        page.goto(site + "/" + PAGES[name])
        assert page.locator("h1").first.is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {w}px"
        if os.environ.get("KB_SCREENSHOTS"):
            page.screenshot(path=str(SHOTS / f"{name}-index-{width}.png"), full_page=True)
    finally:
        page.close()


def test_incident_filters_hide_other_severities(browser, static_site):
    page = browser.new_page()
    try:
        page.goto(static_site + "/" + "incidents/")
        rows = page.locator("table.kb-incidents__table tbody tr")
        total = rows.count()
        assert total >= 4
        page.select_option(".kb-incidents__filters select[name=severity]", "P0")
        visible = [rows.nth(i).get_attribute("data-severity") for i in range(total) if rows.nth(i).is_visible()]
        assert visible and set(visible) == {"P0"}
    finally:
        page.close()


def test_alert_url_leads_to_its_runbook(browser, static_internal_site):
    page = browser.new_page()
    try:
        page.goto(static_internal_site + "/" + "runbooks/alerts/ImportQueueBacklogHigh/")
        page.wait_for_url("**/runbooks/import-worker/**", timeout=5000)
        assert "ImportQueueBacklogHigh" in page.content()
    finally:
        page.close()


def test_changes_between_versions_lists_breaking_changes_first(browser, static_site):
    page = browser.new_page()
    try:
        page.goto(static_site + "/" + "releases/changes/")
        page.select_option("select[name=from]", label="3.0.0")
        page.select_option("select[name=to]", label="3.2.0")
        out = page.locator(".kb-changes__out")
        headings = out.locator("h2, h3").all_inner_texts()
        assert headings and headings[0].startswith("Breaking")
        assert "booked vs. available hours" not in out.inner_text(), "3.0.0's own changes are not 'between' 3.0.0 and 3.2.0"
    finally:
        page.close()


def test_changes_between_versions_in_chinese(browser, static_site):
    """The Chinese page reads 3.2.0 in its Chinese translation and marks the untranslated releases' items as English."""
    page = browser.new_page()
    try:
        page.goto(static_site + "/" + "zh/releases/changes/")
        assert page.locator("html").get_attribute("lang") == "zh"
        page.select_option("select[name=from]", label="3.0.0")
        page.select_option("select[name=to]", label="3.2.0")
        out = page.locator(".kb-changes__out")
        assert out.locator("h2").all_inner_texts()[0] == "不兼容变更"
        assert "旧版报表定时发送已移除" in out.inner_text()  # 3.2.0, translated
        english = out.locator("li[lang=en]")
        assert english.count() >= 1 and not any(t.strip().endswith(" 3.2.0") for t in english.all_inner_texts())
        page.select_option("select[name=to]", label="3.0.0")
        assert out.inner_text().strip() == "请选择比当前版本更新的目标版本。"
    finally:
        page.close()
