"""The whole service-side loop once: submit, review, export, publish, points."""

from __future__ import annotations

from contrib_helpers import ARTICLE_ID, add_staff, api_post, contributor, edit, staff_post, staff_sign_in


def test_submit_review_approve(client, other_client, contrib_db):
    token = contributor(client)
    r = api_post(client, token, "/api/v1/submissions", edit("New **text**.\n"))
    assert r.status_code == 201, r.text
    sub = r.json()
    assert sub["state"] == "pending" and sub["article_id"] == ARTICLE_ID
    add_staff(contrib_db, "rev@example.com")
    staff_sign_in(other_client, "rev@example.com")
    queue = other_client.get("/admin/review")
    assert sub["id"] in queue.text
    assert staff_post(other_client, f"/admin/review/{sub['id']}/claim").status_code == 303
    page = other_client.get(f"/admin/review/{sub['id']}")
    assert "diff" in page.text and 'class="site-preview"' in page.text
    assert "<strong>text</strong>" in other_client.get(f"/admin/review/{sub['id']}/preview").text  # the framed preview
    r = staff_post(other_client, f"/admin/review/{sub['id']}/decide", {"decision": "approve"})
    assert r.status_code == 303, r.text
    me = client.get("/api/v1/contributors/me").json()
    assert me["pending_rewards"] == [{"submission_id": sub["id"], "rule": "approved_edit", "points": 2, "state": "pending"}]
