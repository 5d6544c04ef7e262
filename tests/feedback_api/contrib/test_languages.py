"""The contributor portal and the staff dashboard in the reader's language: the signed-in account's
choice, else the switch's (signed out), else the browser's Accept-Language, else English; dates,
numbers and plural forms in that language; whatever the Accept-Language header holds, a normal page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from contrib_helpers import (
    api_post,
    article,
    contributor,
    csrf_from,
    decide,
    reviewer,
    sign_in,
)
from sqlalchemy import create_engine, text

from feedback_api.i18n import from_header
from generator.site.i18n import tn


def lang_of(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def switch(client, page: str, lang: str, area: str = "/contribute/"):
    token = csrf_from(client.get(page).text)
    return client.post(area + "language", data={"csrf_token": token, "lang": lang, "here": page}, follow_redirects=False)


def stored_lang(database_url: str, email: str) -> str | None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT lang FROM accounts WHERE email = :e"), {"e": email}).scalar()
    finally:
        engine.dispose()


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("en-GB,en;q=0.9,zh;q=0.8", "en"),
    ("fr-FR, zh;q=0.5, en;q=0.4", "zh"),  # the first language we have, by preference
    ("en;q=0.2, ZH-Hans-CN;Q=0.7", "zh"),
    ("zh;q=0, en;q=0.1", "en"),  # q=0: "not this one"
    ("fr, de", None),
    ("", None),
    (None, None),
    ("zh;q=abc, zh;q=nan, zh;q=inf, zh;q=2, zh;level=1", None),
    ("x" * 100_000 + ",zh", None),  # only the first few hundred characters are read
])
def test_accept_language(header, lang):
    assert from_header(header) == lang


def test_accept_language_chooses_the_portal_language(client):
    r = client.get("/contribute/questions", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert lang_of(r.text) == "zh" and "目前没有待解答的问题。" in r.text and "Open questions" not in r.text
    assert r.headers["content-language"] == "zh" and "Accept-Language" in r.headers["vary"]
    r = client.get("/contribute/questions", headers={"Accept-Language": "fr-FR, en;q=0.5, zh;q=0.4"})
    assert lang_of(r.text) == "en" and "No open questions right now." in r.text
    assert lang_of(client.get("/contribute/questions").text) == "en"  # no header: the default language


def test_a_chinese_first_site_serves_chinese_when_the_reader_states_nothing(app, client):
    site = Path(app.state.settings.site_dir)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    (site / "manifest.json").write_text(json.dumps({**manifest, "default_lang": "zh"}), encoding="utf-8")
    app.state.manifest.reload()
    assert lang_of(client.get("/contribute/questions").text) == "zh"
    assert lang_of(client.get("/admin/login").text) == "zh"
    assert lang_of(client.get("/contribute/questions", headers={"Accept-Language": "en-US"}).text) == "en"


def test_the_switch_beats_the_browser_and_the_account_beats_both(client, other_client, contrib_db):
    # Signed out, the switch's choice (a cookie) beats the browser's.
    r = switch(client, "/contribute/leaderboard?window=month", "zh")
    assert r.status_code == 303 and r.headers["location"] == "/contribute/leaderboard?window=month"
    page = client.get("/contribute/leaderboard", headers={"Accept-Language": "en"}).text
    assert lang_of(page) == "zh" and "排行榜" in page and "Leaderboard" not in page

    # Signed in, the choice is stored on the account and follows it to another browser ...
    contributor(client)
    switch(client, "/contribute/profile", "zh")
    assert stored_lang(contrib_db, "ada@example.com") == "zh"
    switch(other_client, "/contribute/questions", "en")  # ... even one whose signed-out choice was English
    assert sign_in(other_client, "ada@example.com").status_code == 303
    page = other_client.get("/contribute/profile", headers={"Accept-Language": "en"}).text
    assert lang_of(page) == "zh" and "我的投稿" in page and "My submissions" not in page
    # Back to English from the switch on any page.
    switch(other_client, "/contribute/profile", "en")
    assert lang_of(client.get("/contribute/profile", headers={"Accept-Language": "zh"}).text) == "en"


def test_the_switch_refuses_what_it_does_not_know_and_stays_on_the_site(client):
    token = csrf_from(client.get("/contribute/questions").text)
    r = client.post("/contribute/language", data={"csrf_token": token, "lang": "xx", "here": "/contribute/questions"},
                    follow_redirects=False)
    assert r.status_code == 400 and lang_of(r.text) == "en" and "kb_lang" not in r.headers.get("set-cookie", "")
    r = client.post("/contribute/language", data={"csrf_token": token, "lang": "zh", "here": "https://evil.example/"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/contribute/profile"
    r = client.post("/contribute/language", data={"lang": "zh"}, follow_redirects=False)
    assert r.status_code == 403  # no CSRF token


def test_the_dashboard_in_the_staff_member_s_language(client, contrib_db):
    reviewer(client, contrib_db)
    page = client.get("/admin/review").text
    assert lang_of(page) == "en" and "Review queue" in page
    r = switch(client, "/admin/review", "zh", area="/admin/")
    assert r.status_code == 303 and r.headers["location"] == "/admin/review"
    assert stored_lang(contrib_db, "rev@example.com") == "zh"
    page = client.get("/admin/review", headers={"Accept-Language": "en"}).text
    assert lang_of(page) == "zh" and "审核队列" in page and "Review queue" not in page
    overview = client.get("/admin/").text
    assert "反馈概览" in overview and "Feedback overview" not in overview


def test_notifications_dates_and_plurals_in_the_reader_s_language(client, other_client, contrib_db):
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", article()).json()
    assert decide(reviewer(other_client, contrib_db), sub["id"], "request_changes", "Add a screenshot.").status_code == 303

    english = client.get("/contribute/profile").text
    assert "“Share a board with a guest” needs changes before it can be accepted." in english
    assert re.search(r"<small>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d</small>", english)  # 5 Dec 2026, 14:05
    switch(client, "/contribute/profile", "zh")
    chinese = client.get("/contribute/profile").text
    assert "“Share a board with a guest”需要修改后才能被采纳，请在个人主页中修改。 审核员备注：Add a screenshot." in chinese
    assert re.search(r"<small>\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d</small>", chinese)
    assert "需要修改" in chinese and "changes requested" not in chinese  # the submission's state

    # Plural forms: one point, two points; Chinese has one form.
    assert tn("en", "portal.points_n", 1) == "1 point" and tn("en", "portal.points_n", 1500) == "1,500 points"
    assert tn("zh", "portal.points_n", 1) == "1 积分"
