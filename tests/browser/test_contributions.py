"""End to end: a contributor signs up, suggests an edit and answers an open question in the
browser; a reviewer approves one and requests changes on the other; the contributor revises;
the reviewer approves; `kb submissions export` writes the files into a copy of kb/; `kb build`
publishes them into the served site; the service grants both rewards exactly once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import serve_copy

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
ARTICLE_ID = "kb-hgw6x72n"
BOUNTY = 40



@pytest.fixture
def served(live_server, built_site: Path, kb_copy: Path, tmp_path: Path):
    return serve_copy(live_server, built_site, kb_copy, tmp_path)


def _build(server, kb_copy: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: {server.url}/\ntheme:\n  custom_dir: {ROOT / 'theme'}\n",
                      encoding="utf-8")
    server.kb("build", "--config", str(config), "--kb", str(kb_copy), "--site-dir", str(server.site_dir), "-q",
        "--no-search-index")


def _me(page) -> dict:
    return page.request.get(page.url.split("/contribute")[0] + "/api/v1/contributors/me").json()


def _ledger(server) -> list:
    from sqlalchemy import text

    from feedback_api.db import Database

    db = Database(server.database_url)
    try:
        return db.read_sync(lambda c: [tuple(r) for r in c.execute(text(
            "SELECT points, rule, idempotency_key FROM contrib_ledger ORDER BY id"))])
    finally:
        db.close()


def _review(staff, base: str, title: str, decision: str, note: str = "") -> None:
    staff.goto(f"{base}/admin/review")
    staff.locator("tr", has_text=title).get_by_role("button", name="Claim").click()
    staff.wait_for_url("**/admin/review/sub-*")
    if note:
        staff.fill("textarea[name=note]", note)
    staff.get_by_role("button", name=decision).click()
    staff.wait_for_url(f"{base}/admin/review")


def test_contribution_loop(served, browser, kb_copy: Path, tmp_path: Path, manifest: dict):
    base = served.url
    served.create_staff("rev@example.com", PASSWORD, "reviewer")
    staff = browser.new_context().new_page()
    staff.goto(f"{base}/admin/login")
    staff.fill("input[name=email]", "rev@example.com")
    staff.fill("input[name=password]", PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(f"{base}/admin/review/questions")
    staff.fill("input[name=title]", "How do I add a guest to a board?")
    staff.select_option("select[name=category]", "account")
    staff.fill("input[name=bounty]", str(BOUNTY))
    staff.get_by_role("button", name="Open the question").click()
    staff.wait_for_url(f"{base}/admin/review/questions")

    # The contributor starts from an article of the help center.
    me = browser.new_context().new_page()
    article_url = next(p["url"] for p in manifest["pages"] if p["id"] == ARTICLE_ID)
    me.goto(f"{base}/{article_url}")
    me.evaluate("localStorage.setItem('kb-feedback-visitor', JSON.stringify('ab'.repeat(16)))")
    me.get_by_role("link", name="Suggest an edit").click()
    me.wait_for_url("**/contribute/login**")
    me.get_by_role("link", name="Become a contributor").click()
    me.fill("input[name=display_name]", "Ada Lovelace")
    me.fill("input[name=email]", "ada@example.com")
    me.fill("input[name=password]", PASSWORD)
    me.get_by_role("button", name="Register").click()
    me.wait_for_selector("text=your contributor account is ready")
    me.fill("input[name=password]", PASSWORD)
    me.get_by_role("button", name="Sign in").click()
    # Registering and signing in brings the contributor back to the edit they started.
    me.wait_for_url(f"**/contribute/edit/{ARTICLE_ID}")
    body = me.input_value("textarea[name=body]")
    assert "Workspace owner" in body
    me.get_by_role("button", name="Send for review").click()  # nothing changed yet: refused, said in place
    me.wait_for_selector("[data-kb-error]:has-text('identical to the current article')")
    me.fill("textarea[name=body]", body.replace("Only the **Workspace owner**", "Only the **Workspace owner** (see Settings)", 1))
    me.get_by_role("button", name="Preview").click()
    me.wait_for_selector("[data-kb-preview-out] strong")
    me.get_by_role("button", name="Send for review").click()
    me.wait_for_url("**/contribute/submissions/sub-*")

    me.goto(f"{base}/contribute/questions")
    me.get_by_role("link", name="Answer this question").click()
    me.fill("textarea[name=body]", "Open the board, choose **Share**, and enter the guest's e-mail.\n")
    me.get_by_role("button", name="Send for review").click()
    me.wait_for_url("**/contribute/submissions/sub-*")
    answer_id = me.url.rsplit("/", 1)[1]

    _review(staff, base, "Change your plan", "Approve")
    _review(staff, base, "How do I add a guest", "Request changes", "Please mention the guest's permissions.")

    me.goto(f"{base}/contribute/profile")
    me.get_by_role("link", name="How do I add a guest to a board?").first.click()
    me.wait_for_selector("text=Please mention the guest's permissions.")
    me.fill("form[data-kb-submit] textarea[name=body]",
            "Open the board, choose **Share**, and enter the guest's e-mail. Guests can only view.\n")
    me.get_by_role("button", name="Send the revision").click()
    me.wait_for_selector("[data-kb-state]:has-text('pending')")

    _review(staff, base, "How do I add a guest", "Approve")
    standing = _me(me)
    assert standing["points"] == 0 and len(standing["pending_rewards"]) == 3

    out = served.kb("submissions", "export", "--kb", str(kb_copy), "--database-url", served.database_url).stdout
    assert "2 exported" in out
    served.kb("check", "--kb", str(kb_copy))
    _build(served, kb_copy, tmp_path)
    built = json.loads((served.site_dir / "manifest.json").read_text(encoding="utf-8"))
    assert answer_id in {p.get("submission") for p in built["pages"]}

    # The service notices the new manifest on a request (mtime checked once a second).
    me.wait_for_timeout(1100)
    board = me.request.get(f"{base}/api/v1/leaderboard?window=all").json()["leaders"]
    assert board and board[0]["name"] == "Ada Lovelace" and board[0]["points"] == 2 + 15 + BOUNTY
    standing = _me(me)
    assert standing["points"] == 2 + 15 + BOUNTY and standing["pending_rewards"] == []
    ledger = _ledger(served)
    assert sorted(r[1] for r in ledger) == ["accepted_bounty_answer", "approved_answer", "approved_edit"]

    # The published article credits the contributor, linked to their public profile.
    me.goto(f"{base}/{article_url}")
    me.locator(".kb-contributors").get_by_role("link", name="Ada Lovelace").click()
    me.wait_for_url(f"**/contribute/people/{standing['handle']}")
    assert me.locator("[data-kb-level]").inner_text() == "Contributor"  # 57 points
    assert "Bounty hunter" in me.locator("ul.badges").inner_text()

    # Export, build and reload again: nothing changes.
    assert "0 exported" in served.kb("submissions", "export", "--kb", str(kb_copy), "--database-url", served.database_url).stdout
    _build(served, kb_copy, tmp_path)
    me.wait_for_timeout(1100)
    me.request.get(f"{base}/api/v1/leaderboard?window=week")
    assert _ledger(served) == ledger
    me.goto(f"{base}/contribute/leaderboard?window=all")
    assert me.locator("table.leaderboard").inner_text().count("Ada Lovelace") == 1
    assert os.path.exists(served.site_dir / "articles")
