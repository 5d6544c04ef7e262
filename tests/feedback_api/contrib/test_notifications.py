"""The contributor is told in the portal when their work is approved, needs changes or is
published, with the points it earned; the header counts what they have not seen yet."""

from __future__ import annotations

import html
import re

from contrib_helpers import ARTICLE_ID, api_post, article, contributor, decide, edit, pages, publish, reviewer


def _unread(page: str) -> int:
    return int(re.search(r'data-kb-unread="(\d+)"', page).group(1))


def _notes(page: str) -> list[str]:
    items = re.findall(r"<li data-kb-notification[^>]*>(.*?)</li>", page, re.S)
    # The text a reader sees, without the date.
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<small>.*?</small>", "", i))).strip())
            for i in items]


def test_notifications_with_points_and_an_unread_count(app, client, other_client, contrib_db):
    token = contributor(client)
    assert _unread(client.get("/contribute/questions").text) == 0
    sub = api_post(client, token, "/api/v1/submissions", edit("Owners change the plan.\n")).json()
    answer = api_post(client, token, "/api/v1/submissions", article("Share a <b>board</b>")).json()
    staff = reviewer(other_client, contrib_db)
    assert decide(staff, sub["id"]).status_code == 303
    assert decide(staff, answer["id"], "request_changes", "Say who can share.").status_code == 303

    # Two new ones, counted in the header of any contributor page and by the API.
    assert _unread(client.get("/contribute/questions").text) == 2
    assert client.get("/api/v1/contributors/me").json()["unread_notifications"] == 2
    profile = client.get("/contribute/profile").text
    assert _unread(profile) == 0  # listed here, so read now
    notes = _notes(profile)
    assert notes[0].startswith("New") and "“Share a <b>board</b>” needs changes" in notes[0] and "Say who can share." in notes[0]
    assert "“Share a &lt;b&gt;board&lt;/b&gt;”" in profile  # contributor text stays text
    assert "approved" in notes[1] and "earns you 2 points once it is published" in notes[1]
    assert _unread(client.get("/contribute/questions").text) == 0
    assert "New" not in " ".join(_notes(client.get("/contribute/profile").text))

    # Published: the points it earned, in the message and beside it.
    publish(app, pages(**{ARTICLE_ID: {"submission": sub["id"]}}), "build-2")
    assert _unread(client.get("/contribute/questions").text) == 1
    newest = _notes(client.get("/contribute/profile").text)[0]
    assert "is published in the help center: you earned 2 points" in newest and newest.endswith("+2 points open")


def test_a_notification_is_only_its_owners(client, other_client, contrib_db):
    token = contributor(client)
    sub = api_post(client, token, "/api/v1/submissions", edit("Owners change the plan.\n")).json()
    contributor(other_client, "bo@example.com", "Bo")
    staff_client = other_client.__class__(other_client.app)
    with staff_client:
        assert decide(reviewer(staff_client, contrib_db), sub["id"]).status_code == 303
    assert _unread(client.get("/contribute/questions").text) == 1
    assert _unread(other_client.get("/contribute/questions").text) == 0
    assert _notes(other_client.get("/contribute/profile").text) == []
