"""Every hostile request body (tests/hostile/requests.py) against the whole service, on SQLite
and PostgreSQL: never a 5xx, 4xx in the one JSON error shape on the API, an answer within a
bound, and nothing accepted before is lost."""

from __future__ import annotations

import re
import time
from collections import Counter

from hostile_helpers import ARTICLE_ID, BOUND, load_cases

CASES = load_cases("requests.py").CASES
FORM_PAGES = {"/contribute/login": "/contribute/login", "/contribute/register": "/contribute/register",
              "/admin/login": "/admin/login", "/contribute/language": "/contribute/login", "/admin/language": "/admin/login"}


def _form_token(client, path: str) -> str:
    import html

    page = client.get(FORM_PAGES[path]).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return html.unescape(match.group(1))


def send(case, service, contributor_client):
    contrib, token = contributor_client
    client = contrib if case.auth == "contributor" else service
    headers = dict(case.headers)
    data = dict(case.form) if case.form is not None else None
    if case.auth == "contributor" and case.csrf:
        headers["x-csrf-token"] = token
    if case.auth == "form":
        form_token = _form_token(client, case.path)
        if case.csrf and data is not None:
            data["csrf_token"] = form_token
        elif case.csrf and case.files is not None:
            data = {"csrf_token": form_token}
    body = case.body()
    if headers.get("transfer-encoding") == "chunked":
        headers.pop("transfer-encoding")
        body = iter([body[i:i + 1024] for i in range(0, len(body), 1024)])  # no Content-Length
    kwargs = {"headers": headers, "follow_redirects": False}
    if case.files is not None:
        return client.request(case.method, case.path, files=case.files, data=data, **kwargs)
    if data is not None:
        return client.request(case.method, case.path, data=data, **kwargs)
    return client.request(case.method, case.path, content=body, **kwargs)


def problem(case, response, seconds: float) -> str | None:
    if seconds > BOUND:
        return f"took {seconds:.1f} s"
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:200]}"
    if case.expect is not None and response.status_code != case.expect:
        return f"expected {case.expect}, got {response.status_code}: {response.text[:200]}"
    if 400 <= response.status_code < 500 and case.path.startswith("/api/"):
        try:
            error = response.json()["error"]
            assert set(error) == {"code", "message", "details"} and error["code"] and error["message"]
        except Exception:  # noqa: BLE001 - any departure from the shape is the finding
            return f"{response.status_code} not in the error shape: {response.text[:200]}"
    return None


def test_hostile_request_bodies(service, contributor_client):
    vote = {"article_id": ARTICLE_ID, "helpful": True}
    for i in range(3):  # accepted before the attack: must still be counted after it
        assert service.post("/api/v1/votes", json={**vote, "visitor": f"before-attack-{i:010d}"}).status_code == 201
    contrib, token = contributor_client
    sent = contrib.post("/api/v1/submissions", json={"kind": "article", "title": "Before the attack", "category": "account", "body": "x\n"},
                        headers={"x-csrf-token": token})
    assert sent.status_code == 201, sent.text

    failures, ran = [], Counter()
    accepted_votes = 0
    for case in CASES:
        started = time.monotonic()
        response = send(case, service, contributor_client)
        ran[case.surface] += 1
        if (found := problem(case, response, time.monotonic() - started)) is not None:
            failures.append(f"[{case.surface}] {case.name}: {found}")
        elif case.path == "/api/v1/votes" and response.status_code in (200, 201):
            accepted_votes += response.status_code == 201
    print("hostile request cases per surface:", dict(ran), "failed:", len(failures))
    assert not failures, "\n".join(failures)

    summary = service.get(f"/api/v1/articles/{ARTICLE_ID}/summary").json()
    assert summary["total"] == 3 + accepted_votes
    mine = contrib.get("/api/v1/submissions").json()["submissions"]
    assert "Before the attack" in [s["title"] for s in mine]
