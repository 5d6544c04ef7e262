"""An edit identical to the current article is refused when it is sent, in the API's error shape."""

from __future__ import annotations

from contrib_helpers import ARTICLE_SOURCE, api_post, contributor, decide, edit, reviewer

from generator.content.frontmatter import split


def _current(kb_copy) -> str:
    return split((kb_copy / ARTICLE_SOURCE).read_text(encoding="utf-8")).body


def _assert_unchanged(r) -> None:
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "unchanged" and "identical to the current article" in error["message"]
    assert error["details"] == {"field": "body"}


def test_an_unchanged_edit_is_refused_and_nothing_is_queued(client, kb_copy):
    token = contributor(client)
    body = _current(kb_copy)
    # As the editor sends it, and with Windows line endings and extra blank lines: still the same article.
    for same in (body, body.replace("\n", "\r\n"), "\n\n" + body.strip("\n") + "\n\n\n"):
        _assert_unchanged(api_post(client, token, "/api/v1/submissions", edit(same)))
    assert client.get("/api/v1/submissions").json()["submissions"] == []
    # One changed character is an edit.
    r = api_post(client, token, "/api/v1/submissions", edit(body.replace("plan", "Plan", 1)))
    assert r.status_code == 201, r.text


def test_a_revision_back_to_the_current_article_is_refused(client, other_client, contrib_db, kb_copy):
    token = contributor(client)
    body = _current(kb_copy)
    sub = api_post(client, token, "/api/v1/submissions", edit(body + "\nOne more line.\n")).json()
    assert decide(reviewer(other_client, contrib_db), sub["id"], "request_changes", "Drop the extra line?").status_code == 303
    _assert_unchanged(api_post(client, token, f"/api/v1/submissions/{sub['id']}/revisions", {"body": body}))
    assert client.get("/api/v1/submissions").json()["submissions"][0]["state"] == "changes_requested"
