"""The contributor portal and the staff dashboard in each language, at desktop and phone widths.

Every page of both is crawled in Chromium after choosing the language with the switch (from a
browser that asks for the other language, so the switch must win). A text node, label, title or
placeholder of the other language fails the test; what people typed (titles, names, comments,
queries, e-mails) and the help center's own titles, ids and categories are content, left out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
ARTICLE_ID = "kb-hgw6x72n"
WIDTHS = {"desktop": 1280, "phone": 390}
# KB_SCREENSHOTS=1 also refreshes docs/screenshots/{portal,dashboard}-{lang}-{width}.png from these pages.
SHOTS = {"/contribute/profile": "portal", "/admin/": "dashboard"}
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

# What people typed: content in any language, never UI.
TYPED = ["Share a board with a guest", "How do I add a guest to a board?", "Please mention the guest's permissions.",
         "The steps are out of date", "frobnicate widgets", "Ada Lovelace", "ada@example.com", "admin@example.com",
         "(self-registration)", "billing", "Markdown"]
# Content on the pages (text only; their labels are still checked): user input, code, rendered Markdown,
# audit records, the dashboard filters' raw values (category keys, language codes, audit actions). The
# language switch's names are marked with their own lang and left out too.
SKIP = ("script, style, code, textarea, .preview, .diff-wrap, td.query, td.comment, .kv, "
        "table.audit td:not(:first-child), "  # who, what, target, client: the audit log's records
        "select[name=category] option, select[name=action] option, form.filters select[name=lang] option")

UI_TEXT = r"""(skip) => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    if (el.closest("[hidden], [lang]:not(html)")) continue;
    if (node.nodeType === 3) { if (!el.closest(skip)) out.push(node.textContent.trim()); }
    else for (const attr of ["placeholder", "aria-label", "title", "data-label"])  // labels even on content cells
      if (node.hasAttribute(attr)) out.push(node.getAttribute(attr).trim());
  }
  return out.filter(Boolean);
}"""


def _foreign(text: str, lang: str, content: list[str]) -> bool:
    for known in content:
        text = text.replace(known, " ")
    text = re.sub(r"\b(?:kb|sub)-[a-z0-9]+\b|\b(?:en|zh)\b", " ", text)  # ids and language codes
    if lang == "zh":
        return bool(LATIN.search(text)) and not HAN.search(text)
    return bool(HAN.search(text))


@pytest.fixture(scope="module")
def server(sqlite_server):
    sqlite_server.stop()  # "Suggest an edit" reads the article's Markdown from the sample kb (read only)
    sqlite_server.env["KB_CONTENT_DIR"] = str(ROOT / "kb")
    sqlite_server.start()
    return sqlite_server


def _submit(page, selector: str = "form.login button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


def _switch(page, lang: str) -> None:
    if page.is_disabled(f".lang-switch button[value={lang}]"):  # chosen already (by an earlier test's switch)
        _switch(page, "en" if lang == "zh" else "zh")
    with page.expect_navigation():
        page.click(f".lang-switch button[value={lang}]")
    assert page.evaluate("document.documentElement.lang") == lang


@pytest.fixture(scope="module")
def world(server, browser):
    """A contributor with a submission sent back for changes, an open question, a vote with a
    comment and a search without results: every page has rows to show."""
    base = server.url
    server.create_staff("admin@example.com", PASSWORD, "admin")
    staff = browser.new_context().new_page()
    _sign_in(staff, base, "/admin/", "admin@example.com")
    staff.goto(f"{base}/admin/review/questions")
    staff.fill("input[name=title]", "How do I add a guest to a board?")
    _submit(staff, "form[action='/admin/review/questions'] button[type=submit]")

    me = browser.new_context().new_page()
    me.goto(f"{base}/contribute/register")
    me.fill("input[name=display_name]", "Ada Lovelace")
    me.fill("input[name=email]", "ada@example.com")
    me.fill("input[name=password]", PASSWORD)
    _submit(me)
    me.fill("input[name=password]", PASSWORD)
    _submit(me)
    token = me.get_attribute("meta[name=csrf-token]", "content")
    sent = me.request.post(f"{base}/api/v1/submissions", headers={"X-CSRF-Token": token}, data={
        "kind": "article", "title": "Share a board with a guest", "category": "account", "tags": ["billing"],
        "lang": "en", "body": "Open **Share** and invite the guest.\n"})
    assert sent.status == 201, sent.text()
    sub = sent.json()["id"]
    staff.goto(f"{base}/admin/review")
    _submit(staff, f"tr[data-submission='{sub}'] button[type=submit]")
    staff.fill("textarea[name=note]", "Please mention the guest's permissions.")
    _submit(staff, "button[value=request_changes]")

    vote = {"article_id": ARTICLE_ID, "helpful": False, "visitor": "portal-language-visitor-01",
            "reason": "outdated", "comment": "The steps are out of date"}
    assert me.request.post(f"{base}/api/v1/votes", data=vote).status in (200, 201)
    me.request.get(f"{base}/api/v1/search?q=frobnicate+widgets&lang=en")
    staff.wait_for_timeout(1500)  # searches are logged in batches, about once a second
    handle = me.request.get(f"{base}/api/v1/contributors/me").json()["handle"]
    staff.context.close()
    me.context.close()
    portal = ["/contribute/login", "/contribute/register", "/contribute/questions", "/contribute/leaderboard",
              f"/contribute/people/{handle}"]
    signed_in_portal = ["/contribute/profile", f"/contribute/submissions/{sub}", f"/contribute/edit/{ARTICLE_ID}",
                        "/contribute/new", "/contribute/submissions/sub-none"]
    dashboard = ["/admin/", "/admin/health", "/admin/search", "/admin/audit", "/admin/users", "/admin/review",
                 f"/admin/review/{sub}", "/admin/review/questions", "/admin/review/points", "/admin/review/sub-none"]
    return {"portal": portal, "signed_in_portal": signed_in_portal, "dashboard": dashboard}


def _manifest_content(built_site: Path) -> list[str]:
    import json

    pages = json.loads((built_site / "manifest.json").read_text(encoding="utf-8"))["pages"]
    return [str(p[k]) for p in pages for k in ("title", "category", "owner") if p.get(k)]


def _sign_in(page, base: str, area: str, email: str) -> None:
    page.goto(f"{base}{area}login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    _submit(page)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_portal_and_dashboard_speak_one_language(server, world, browser, built_site, lang, width):
    base = server.url
    other = "en-US" if lang == "zh" else "zh-CN"  # the browser asks for the other language: the switch wins
    content = sorted(TYPED + _manifest_content(built_site), key=len, reverse=True)
    offenders: dict[str, list[str]] = {}
    crawled = 0
    for who, area, paths in [("visitor", "/contribute/", world["portal"]),
                             ("ada@example.com", "/contribute/", world["signed_in_portal"]),
                             ("admin@example.com", "/admin/", world["dashboard"])]:
        context = browser.new_context(locale=other, viewport={"width": WIDTHS[width], "height": 900})
        page = context.new_page()
        page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # nothing external
        if who == "visitor":
            page.goto(f"{base}/contribute/login")
        else:
            _sign_in(page, base, area, who)
        _switch(page, lang)  # signed in: stored on the account; signed out: a cookie
        for path in paths:
            page.goto(f"{base}{path}")
            assert page.evaluate("document.documentElement.lang") == lang, path
            assert page.locator(f".lang-switch button[value={'en' if lang == 'zh' else 'zh'}]").is_visible(), path
            crawled += 1
            if path in SHOTS and os.environ.get("KB_SCREENSHOTS"):
                page.screenshot(path=str(ROOT / "docs" / "screenshots" / f"{SHOTS[path]}-{lang}-{width}.png"), full_page=True)
            bad = sorted({t for t in page.evaluate(UI_TEXT, SKIP) if _foreign(t, lang, content)})
            if bad:
                offenders[path] = bad
        context.close()
    found = sum(len(v) for v in offenders.values())
    print(f"{lang} at {width} width: {crawled} portal and dashboard pages crawled; "
          f"{'English' if lang == 'zh' else 'Chinese'} UI strings: {found}")
    assert crawled == len(world["portal"]) + len(world["signed_in_portal"]) + len(world["dashboard"])
    assert not offenders, offenders
