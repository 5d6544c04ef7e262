"""Signing up or in brings a contributor back to the edit or question they started, and the
``next`` they carry can never send them to another site."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from contrib_helpers import ARTICLE_ID, PASSWORD, csrf_from, sign_in

EDIT = f"/contribute/edit/{ARTICLE_ID}"


def _next_field(page: str) -> str:
    return csrf_from(page, "next")


def test_register_then_sign_in_returns_to_the_edit(client):
    r = client.get(EDIT, follow_redirects=False)
    assert r.status_code == 303
    login = r.headers["location"]
    assert parse_qs(urlsplit(login).query)["next"] == [EDIT]

    # The login page's "Become a contributor" link keeps where the visitor was going ...
    page = client.get(login).text
    assert f'href="/contribute/register?next=%2Fcontribute%2Fedit%2F{ARTICLE_ID}"' in page
    form = client.get(f"/contribute/register?next={EDIT}").text
    assert _next_field(form) == EDIT
    # ... through registration to the sign-in form it answers with ...
    r = client.post("/contribute/register", data={"csrf_token": csrf_from(form), "email": "ada@example.com",
                                                   "password": PASSWORD, "display_name": "Ada", "next": EDIT})
    assert "account is ready" in r.text and _next_field(r.text) == EDIT
    # ... and signing in lands on the editor, not on the profile.
    r = client.post("/contribute/login", data={"csrf_token": csrf_from(r.text), "email": "ada@example.com",
                                                "password": PASSWORD, "next": EDIT}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == EDIT
    assert "Suggest an edit" in client.get(r.headers["location"]).text


def test_an_answer_to_a_question_keeps_its_query(client):
    target = "/contribute/new?question=7&title=How+do+I"
    r = client.get(target, follow_redirects=False)
    assert parse_qs(urlsplit(r.headers["location"]).query)["next"] == ["/contribute/new?question=7&title=How+do+I"]
    client.post("/contribute/register", data={"csrf_token": csrf_from(client.get("/contribute/register").text),
                                              "email": "bo@example.com", "password": PASSWORD, "display_name": "Bo"})
    token = csrf_from(client.get("/contribute/login").text)
    r = client.post("/contribute/login", data={"csrf_token": token, "email": "bo@example.com", "password": PASSWORD,
                                                "next": target}, follow_redirects=False)
    assert r.headers["location"] == target


def test_the_header_sign_in_link_comes_back_to_the_page(client):
    page = client.get("/contribute/questions").text
    assert 'href="/contribute/login?next=%2Fcontribute%2Fquestions"' in page
    assert 'href="/contribute/register?next=%2Fcontribute%2Fquestions"' in page


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example", "/\\evil.example", "/contribute/\\\\evil.example",
                                  "https://evil.example/contribute/edit/x",
                                  "/contribute/\t/evil.example", "javascript:alert(1)", "/admin/"])
def test_next_never_leaves_the_contributor_pages(client, evil):
    client.post("/contribute/register", data={"csrf_token": csrf_from(client.get("/contribute/register").text),
                                              "email": "eve@example.com", "password": PASSWORD, "display_name": "Eve"})
    form = client.get("/contribute/login", params={"next": evil}).text
    assert "evil" not in form.split("<main>", 1)[1]
    assert "evil" not in client.get("/contribute/register", params={"next": evil}).text.split("<main>", 1)[1]
    token = csrf_from(form)
    r = client.post("/contribute/login", data={"csrf_token": token, "email": "eve@example.com", "password": PASSWORD,
                                                "next": evil}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/contribute/profile"
    # Already signed in, the login page's redirect is as careful.
    r = client.get("/contribute/login", params={"next": evil}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/contribute/profile"


def test_sign_in_without_next_still_goes_to_the_profile(client):
    client.post("/contribute/register", data={"csrf_token": csrf_from(client.get("/contribute/register").text),
                                              "email": "cy@example.com", "password": PASSWORD, "display_name": "Cy"})
    assert sign_in(client, "cy@example.com").headers["location"] == "/contribute/profile"
