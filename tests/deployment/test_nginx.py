"""docs/deployment.md's nginx configuration, run by Debian's nginx in front of two `kb serve`
instances on one PostgreSQL database (see conftest.py): every route the product serves answers
through it, the site's 404 page is served, and the journeys of readers, contributors and staff work
end to end. X-Forwarded-For counts only when nginx sets it."""

from __future__ import annotations

import html
import json
import re
import secrets

import pytest
from starlette.routing import Mount, Route

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

EDIT_ARTICLE = "kb-hgw6x72n"  # kb/articles/account/change-your-plan.md
# Header values the service's own pages set (feedback_api/staff/templating.py) and nginx must not repeat.
ONCE = ("strict-transport-security", "x-content-type-options", "x-frame-options", "referrer-policy",
        "content-security-policy")


def manifest(stack) -> dict:
    return json.loads((stack.site / "manifest.json").read_text(encoding="utf-8"))


def article_ids(stack) -> list[str]:
    return [p["id"] for p in manifest(stack)["pages"] if p["type"] == "article" and p.get("lang", "en") == "en"]


def csrf(page_html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page_html) or re.search(r'name="csrf-token" content="([^"]+)"', page_html)
    assert m, "no CSRF token in the page"
    return html.unescape(m.group(1))


def browser_like(client, stack):
    """Browsers send Origin on every POST; the service compares it with the Host nginx passes on."""
    client.headers["Origin"] = stack.url
    return client


def vote(client, article_id: str, headers: dict | None = None, **fields):
    body = {"article_id": article_id, "helpful": True, "visitor": secrets.token_hex(16), **fields}
    return client.post("/api/v1/votes", json=body, headers=headers)


def staff_sign_in(stack, client, **extra) -> None:
    token = csrf(client.get("/admin/login").text)
    r = client.post("/admin/login", data={"email": stack.staff_email, "password": stack.password, "csrf_token": token},
                    **extra)
    assert r.status_code == 303, r.text


def audit_clients(client) -> list[str]:
    page = client.get("/admin/audit")
    assert page.status_code == 200, page.text
    return re.findall(r'<td data-label="Client">([^<]*)</td>', page.text)


# -- the site, every route, the 404 page, headers -----------------------------------------------
def _get_routes(routes, prefix: str = ""):
    for route in routes:
        if isinstance(route, Route) and "GET" in (route.methods or ()):
            yield prefix + route.path
        elif isinstance(route, Mount) and route.path and getattr(route, "routes", None):
            yield from _get_routes(route.routes, prefix + route.path)


def test_every_route_of_the_service_answers_through_the_proxy(proxy_stack):
    """Every GET route of the app answers through nginx exactly as it does directly: no route is
    left out of the proxy, however many a release adds (only /metrics is kept internal)."""
    from feedback_api.app import create_app
    from feedback_api.settings import Settings

    app = create_app(Settings.from_env(proxy_stack.env))
    app.state.db.close()  # only its route table is needed
    values = {"{id:path}": EDIT_ARTICLE, "{article_id:path}": EDIT_ARTICLE, "{id}": "sub-none", "{vote_id:int}": "1",
              "{account_id:int}": "1", "{qid:int}": "1", "{rid:int}": "1", "{handle}": "nobody-1", "{rest:path}": "v1/no-such-route"}
    paths = set()
    for template in _get_routes(app.routes):
        for param, value in values.items():
            template = template.replace(param, value)
        assert "{" not in template, f"no sample value for the parameter in {template}"
        paths.add(template)
    assert {"/admin/", "/contribute/profile", "/api/v1/search", "/healthz"} <= paths
    paths |= {"/admin/static/staff.css", "/contribute/static/contribute.js", "/admin/review", "/admin/review/questions"}
    proxied, direct = proxy_stack.client("127.0.0.10"), proxy_stack.client("127.0.0.10", proxy_stack.instances[0].url)
    for path in sorted(paths - {"/metrics"}):
        through, there = proxied.get(path), direct.get(path)
        assert (path, through.status_code) == (path, there.status_code)
        assert through.headers.get("content-type") == there.headers.get("content-type"), path
    assert direct.get("/metrics").status_code == 200
    assert proxied.get("/metrics").status_code == 404


def test_site_pages_and_the_404_page(proxy_stack):
    client = proxy_stack.client("127.0.0.11")
    not_found = (proxy_stack.site / "404.html").read_text(encoding="utf-8")
    for page in manifest(proxy_stack)["pages"][:20]:
        r = client.get(f"/{page['url']}")
        assert r.status_code == 200, page["url"]
        assert html.escape(page["title"], quote=False) in r.text
    article = next(p for p in manifest(proxy_stack)["pages"] if p["id"] == EDIT_ARTICLE)
    r = client.get("/" + article["url"].rstrip("/"))
    assert (r.status_code, r.headers["location"]) == (301, "/" + article["url"])
    # Unknown paths anywhere, the search index folder, internal metrics: the site's own 404 page.
    for path in ("/no/such/page/", "/articles/no-such-article/", "/contribute-nothing", "/.search/CURRENT",
                 "/articles/.hidden", "/metrics"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.text == not_found, path
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    # Under /zh/ the Chinese 404 page, from the service and from nginx itself.
    chinese = (proxy_stack.site / "zh" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in chinese
    for path in ("/zh/no/such/page/", "/zh/.hidden"):
        r = client.get(path)
        assert (r.status_code, r.text) == (404, chinese), path


def test_pages_scripts_and_the_static_index_are_compressed(proxy_stack):
    client = proxy_stack.client("127.0.0.11")
    shard = next((proxy_stack.site / "static-search" / "terms").glob("*.json")).name
    for path in ("/", "/assets/kb/search.js", "/static-search/meta.json", f"/static-search/terms/{shard}", "/static-search/docs/0.json"):
        r = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers.get("content-encoding") == "gzip", path


def test_security_headers(proxy_stack):
    client = proxy_stack.client("127.0.0.12")
    static = client.get("/")
    assert static.headers["strict-transport-security"].startswith("max-age=")
    assert static.headers["x-content-type-options"] == "nosniff"
    assert static.headers["x-frame-options"] == "SAMEORIGIN"
    assert static.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert static.headers["server"] == "nginx"  # no version
    staff = client.get("/admin/login")
    assert staff.headers["x-frame-options"] == "DENY"  # the service's stricter value, not nginx's
    assert "frame-ancestors 'none'" in staff.headers["content-security-policy"]
    for r in (static, staff, client.get("/api/v1/search?q=plan"), client.get("/contribute/login")):
        for name in ONCE:
            assert len(r.headers.get_list(name)) <= 1, (r.url, name, r.headers.get_list(name))
        assert r.headers["x-content-type-options"] == "nosniff"
    # Plain http only redirects to https.
    plain = proxy_stack.client("127.0.0.12", proxy_stack.http_url).get("/admin/login")
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")


# -- the journeys ----------------------------------------------------------------------------------
def test_votes_through_the_proxy_agree_on_both_instances(proxy_stack):
    client = proxy_stack.client("127.0.0.13")
    article = article_ids(proxy_stack)[-1]
    statuses = [vote(client, article).status_code,
                vote(client, article, helpful=False, reason="unclear").status_code]
    assert statuses == [201, 201]
    summaries = [proxy_stack.client("127.0.0.13", i.url).get(f"/api/v1/articles/{article}/summary").json()
                 for i in proxy_stack.instances]
    assert summaries[0] == summaries[1]
    assert (summaries[0]["helpful"], summaries[0]["not_helpful"]) == (1, 1)
    assert client.get(f"/api/v1/articles/{article}/summary").json() == summaries[0]


def test_search_through_the_proxy(proxy_stack):
    client = proxy_stack.client("127.0.0.14")
    assert client.get("/search/").status_code == 200
    r = client.get("/api/v1/search", params={"q": "seats"})
    assert r.status_code == 200, r.text
    hit = next(h for h in r.json()["results"] if h["id"] == EDIT_ARTICLE)
    page = client.get("/" + hit["url"].lstrip("/"))
    assert page.status_code == 200 and "seats" in page.text


def test_internal_pages_only_for_signed_in_staff_through_the_proxy(proxy_stack):
    """Runbooks are internal: nginx has no file for them (the public build holds none), and the
    service shows them, with the internal badge, only to a staff session."""
    runbook, query = "/runbooks/search/SearchIndexStale/", {"q": "SearchIndexStale"}
    anonymous = proxy_stack.client("127.0.0.17")
    assert anonymous.get(runbook).status_code == 404
    assert not any(h["url"].startswith("runbooks/") for h in anonymous.get("/api/v1/search", params=query).json()["results"])
    staff = browser_like(proxy_stack.client("127.0.0.18"), proxy_stack)
    staff_sign_in(proxy_stack, staff)
    page = staff.get(runbook)
    assert page.status_code == 200 and "kb-internal" in page.text
    assert page.headers["cache-control"] == "private, no-store"
    assert "Runbooks" in staff.get("/").text, "with the staff cookie even files nginx has come from the internal build"
    assert any(h["url"].startswith("runbooks/") for h in staff.get("/api/v1/search", params=query).json()["results"])


def test_contributor_edit_reviewed_by_staff_through_the_proxy(proxy_stack):
    me = browser_like(proxy_stack.client("127.0.0.15"), proxy_stack)
    token = csrf(me.get("/contribute/register").text)
    r = me.post("/contribute/register", data={"csrf_token": token, "email": "ada@example.com", "password": proxy_stack.password,
                                              "display_name": "Ada"})
    assert r.status_code in (200, 303), r.text
    token = csrf(me.get("/contribute/login").text)
    r = me.post("/contribute/login", data={"csrf_token": token, "email": "ada@example.com", "password": proxy_stack.password})
    assert r.status_code == 303 and r.headers["location"].endswith("/contribute/profile"), r.text
    assert "; secure" in r.headers["set-cookie"].lower()  # X-Forwarded-Proto from nginx: https
    editor = me.get(f"/contribute/edit/{EDIT_ARTICLE}")
    assert editor.status_code == 200
    body = html.unescape(re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', editor.text, re.S).group(1))
    assert "Workspace owner" in body
    r = me.post("/api/v1/submissions", headers={"X-CSRF-Token": csrf(editor.text)},
                json={"kind": "edit", "article_id": EDIT_ARTICLE, "body": body.replace("Workspace owner", "Workspace owner (see Settings)", 1)})
    assert r.status_code == 201, r.text
    submission = r.json()["id"]

    staff = browser_like(proxy_stack.client("127.0.0.16"), proxy_stack)
    staff_sign_in(proxy_stack, staff)
    dashboard = staff.get("/admin/")
    assert dashboard.status_code == 200 and "Sign in" not in dashboard.text
    queue = staff.get("/admin/review")
    assert submission in queue.text
    for path, data in ((f"/admin/review/{submission}/claim", {}), (f"/admin/review/{submission}/decide", {"decision": "approve"})):
        r = staff.post(path, data={"csrf_token": csrf(staff.get("/admin/review").text), **data})
        assert r.status_code == 303, r.text
    mine = me.get("/api/v1/contributors/me").json()
    assert [(p["submission_id"], p["rule"]) for p in mine["pending_rewards"]] == [(submission, "approved_edit")]


# -- X-Forwarded-For: only from the proxy ----------------------------------------------------------
def test_forwarded_for_counts_only_when_nginx_sets_it(proxy_stack):
    article = article_ids(proxy_stack)[0]
    forged = {"X-Forwarded-For": "198.51.100.7"}
    # Through nginx: a client's own X-Forwarded-For does not give it a fresh rate-limit bucket...
    client = proxy_stack.client("127.0.0.20")
    limit = proxy_stack.rate_limit
    codes = [vote(client, article, headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(limit + 1)]
    assert codes == [201] * limit + [429]
    # ...and nginx does not make all clients one: another address still has its own.
    assert vote(proxy_stack.client("127.0.0.21"), article, headers=forged).status_code == 201

    # Straight to an instance (not from the proxy's address): the header is ignored. Claiming to
    # be the exhausted client above does not get this one refused; its own bucket fills up.
    direct = proxy_stack.client("127.0.0.22", proxy_stack.instances[1].url)
    codes = [vote(direct, article, headers={"X-Forwarded-For": "127.0.0.20"}).status_code for _ in range(limit + 1)]
    assert codes == [201] * limit + [429]

    # The staff audit log names the real client, through the proxy and directly.
    staff = browser_like(proxy_stack.client("127.0.0.23"), proxy_stack)
    staff_sign_in(proxy_stack, staff, headers={"X-Forwarded-For": "203.0.113.66"})
    direct_staff = proxy_stack.client("127.0.0.24", proxy_stack.instances[0].url)
    staff_sign_in(proxy_stack, direct_staff, headers={"X-Forwarded-For": "203.0.113.77"})
    clients = audit_clients(staff)
    assert {"127.0.0.23", "127.0.0.24"} <= set(clients)
    assert not {"203.0.113.66", "203.0.113.77", proxy_stack.proxy_address} & set(clients)


# -- one journey in a real browser -----------------------------------------------------------------
@pytest.mark.browser
def test_browser_reader_and_staff_through_the_proxy(proxy_stack, browser):
    article = next(p for p in manifest(proxy_stack)["pages"] if p["id"] == EDIT_ARTICLE)
    summary_url = f"{proxy_stack.instances[1].url}/api/v1/articles/{EDIT_ARTICLE}/summary"
    before = proxy_stack.client("127.0.0.30").get(summary_url).json()["helpful"]
    context = browser.new_context(ignore_https_errors=True)  # the test's own certificate
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{proxy_stack.url}/{article['url']}")
        form = page.locator(f'form[data-kb-feedback][data-kb-page-id="{EDIT_ARTICLE}"]')
        form.wait_for(state="visible", timeout=10_000)
        form.get_by_role("button", name="Yes", exact=True).click()
        page.wait_for_function("document.querySelector('form[data-kb-feedback] [data-kb-status]')"
                               "?.textContent.includes('Thank you')", timeout=10_000)
        assert proxy_stack.client("127.0.0.30").get(summary_url).json()["helpful"] == before + 1

        page.get_by_role("link", name="Suggest an edit").click()
        page.wait_for_url("**/contribute/login**")
        assert page.get_by_role("link", name="Become a contributor").is_visible()

        page.goto(f"{proxy_stack.url}/admin/login")
        page.fill("input[name=email]", proxy_stack.staff_email)
        page.fill("input[name=password]", proxy_stack.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{proxy_stack.url}/admin/")
        assert page.get_by_role("button", name="Sign out").is_visible()
        assert errors == []
    finally:
        context.close()
