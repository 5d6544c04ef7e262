"""Hostile request bodies, one case each, sent by tests/hostile/test_requests.py to a real app on
SQLite and on PostgreSQL. Each case says in a comment what it attacks.

A case is sent as is; ``auth`` adds what a real client would have: ``contributor`` the signed-in
contributor's cookie and its X-CSRF-Token header (``csrf=False`` leaves the header out), ``form``
the CSRF token of the page's form (``csrf=False`` leaves it out). ``expect`` is the status the
service must answer when one is certain; every case must also answer without a 5xx, within a
bound, and in the JSON error shape for 4xx on API paths.

This file is not named for the ``requests`` library and must never shadow it: the test loads it
by path under another name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

VOTE = {"article_id": "kb-hgw6x72n", "helpful": False, "visitor": "hostile-visitor-000001"}
CLICK = {"query": "plan", "result_id": "kb-hgw6x72n", "position": 1}
SUBMISSION = {"kind": "article", "title": "A new article", "category": "account", "lang": "en", "body": "Text.\n"}
JSON = "application/json"


@dataclass(frozen=True)
class Case:
    surface: str  # site, votes, submissions, previews, click, sign-in forms, language
    name: str
    method: str
    path: str
    json: Any = None  # encoded with json.dumps
    content: bytes | None = None  # sent raw instead
    form: dict | None = None
    files: dict | None = None
    headers: dict = field(default_factory=dict)
    auth: str | None = None  # None, "contributor" or "form"
    csrf: bool = True
    expect: int | None = None

    def body(self) -> bytes | None:
        if self.content is not None:
            return self.content
        if self.json is not None:
            return json.dumps(self.json).encode()
        return None


def _nest(depth: int) -> str:
    return "[" * depth + "]" * depth


CASES: list[Case] = [
    # --- site: a missing page gets the 404 page of its top folder (zh/404.html), else the site's ---
    # Traversal out of the site through the language folder.
    Case("site", "traversal under zh", "GET", "/zh/..%2f..%2f..%2fetc%2fpasswd", expect=404),
    # A dot folder's own 404.html must not be looked up (dot names are never served).
    Case("site", "dot folder 404", "GET", "/.search/missing", expect=404),
    # A folder name longer than the file system allows, then a page under it.
    Case("site", "overlong folder", "GET", "/" + "a" * 300 + "/missing", expect=404),
    # NUL and a lone percent in the folder name.
    Case("site", "NUL in folder", "GET", "/zh%00/missing", expect=400),  # refused before the site is asked
    Case("site", "bad escape in folder", "GET", "/zh%/missing", expect=404),
    # Not GET: a form post to a missing page of a language.
    Case("site", "POST under zh", "POST", "/zh/missing", content=b"x=1", headers={"content-type": "application/x-www-form-urlencoded"}, expect=405),
    # --- votes ---
    # Oversize body with an honest Content-Length: refused before it is read.
    Case("votes", "oversize declared", "POST", "/api/v1/votes", content=b"{" + b" " * 20000 + b"}", headers={"content-type": JSON}, expect=413),
    # Wrong content type: a form post to a JSON endpoint (the CSRF-free "simple request" a page on another site can send).
    Case("votes", "form content type", "POST", "/api/v1/votes", content=b"article_id=x&helpful=true", headers={"content-type": "application/x-www-form-urlencoded"}, expect=415),
    # text/plain JSON: the other simple-request content type a cross-site form can use.
    Case("votes", "text/plain JSON", "POST", "/api/v1/votes", json=VOTE, headers={"content-type": "text/plain"}, expect=415),
    # Nesting far past the parser's recursion limit.
    Case("votes", "deep nesting 100k", "POST", "/api/v1/votes", content=_nest(5000).encode(), headers={"content-type": JSON}, expect=400),
    # Moderate nesting the parser accepts but we refuse (depth costs CPU and stack later).
    Case("votes", "nesting 500 in a field", "POST", "/api/v1/votes", content=json.dumps({**VOTE, "extra": "X"}).replace('"X"', _nest(500)).encode(), headers={"content-type": JSON}, expect=400),
    # An integer longer than Python's int digit limit (ValueError inside the parser).
    Case("votes", "5000-digit integer", "POST", "/api/v1/votes", content=b'{"helpful": ' + b"9" * 5000 + b"}", headers={"content-type": JSON}, expect=400),
    # NUL in the comment: stored as is by SQLite, refused by PostgreSQL.
    Case("votes", "NUL in comment", "POST", "/api/v1/votes", json={**VOTE, "comment": "bad\x00comment"}, headers={"content-type": JSON}, expect=422),
    # A lone surrogate from a JSON escape: not valid Unicode, not encodable as UTF-8.
    Case("votes", "lone surrogate", "POST", "/api/v1/votes", content=json.dumps({**VOTE, "comment": "X"}).replace('"X"', '"\\ud800 alone"').encode(), headers={"content-type": JSON}, expect=422),
    # Raw bytes that are not UTF-8.
    Case("votes", "invalid UTF-8", "POST", "/api/v1/votes", content=b'{"comment": "\xff\xfe\xc3("}', headers={"content-type": JSON}, expect=400),
    # C0 control characters and an escape sequence in the comment: stored as text, escaped on output.
    Case("votes", "control characters", "POST", "/api/v1/votes", json={**VOTE, "visitor": "hostile-visitor-000002", "comment": "bell\x07 esc\x1b[31m cr\r"}, headers={"content-type": JSON}),
    # Wrong types: a string for the boolean, a number for the id.
    Case("votes", "wrong types", "POST", "/api/v1/votes", json={**VOTE, "helpful": "true", "article_id": 7}, headers={"content-type": JSON}, expect=422),
    # A JSON array where an object is expected.
    Case("votes", "array body", "POST", "/api/v1/votes", json=[VOTE], headers={"content-type": JSON}, expect=422),
    # Extra fields (ignored for forward compatibility) carrying junk.
    Case("votes", "extra fields", "POST", "/api/v1/votes", json={**VOTE, "visitor": "hostile-visitor-000003", "is_admin": True, "__proto__": {"x": 1}}, headers={"content-type": JSON}),
    # Duplicate keys: the last one wins in the parser; must not confuse validation.
    Case("votes", "duplicate keys", "POST", "/api/v1/votes", content=b'{"article_id": "kb-hgw6x72n", "helpful": true, "helpful": "no", "visitor": "hostile-visitor-000004"}', headers={"content-type": JSON}, expect=422),
    # SQL in the article id: a parameter, never SQL; the id is unknown.
    Case("votes", "SQL in article id", "POST", "/api/v1/votes", json={**VOTE, "article_id": "x' OR '1'='1'; DROP TABLE votes; --"}, headers={"content-type": JSON}, expect=404),
    # HTML in the comment: stored as text (the dashboard escapes it).
    Case("votes", "HTML in comment", "POST", "/api/v1/votes", json={**VOTE, "visitor": "hostile-visitor-000005", "comment": "<script>alert(1)</script><img src=x onerror=alert(1)>"}, headers={"content-type": JSON}),
    # A comment one character over its limit.
    Case("votes", "comment over limit", "POST", "/api/v1/votes", json={**VOTE, "comment": "x" * 2001}, headers={"content-type": JSON}, expect=422),
    # Empty body with a JSON content type.
    Case("votes", "empty body", "POST", "/api/v1/votes", content=b"", headers={"content-type": JSON}, expect=400),
    # NaN and Infinity: accepted by Python's parser, not JSON.
    Case("votes", "NaN", "POST", "/api/v1/votes", content=b'{"helpful": NaN, "article_id": Infinity}', headers={"content-type": JSON}, expect=422),
    # --- click beacon ---
    # A position far beyond any int column.
    Case("click", "huge position", "POST", "/api/v1/search/click", json={**CLICK, "position": 10**30}, headers={"content-type": JSON}, expect=422),
    # A position with more digits than Python's int limit (the beacon's 4 KiB cap stops it before parsing).
    Case("click", "5000-digit position", "POST", "/api/v1/search/click", content=json.dumps({**CLICK, "position": 0}).replace(": 0", ": " + "7" * 5000).encode(), headers={"content-type": JSON}, expect=413),
    # A position just under the body cap with 4,000 digits (a valid int, far out of range).
    Case("click", "4000-digit position", "POST", "/api/v1/search/click", content=json.dumps({**CLICK, "position": 0}).replace(": 0", ": " + "7" * 4000).encode(), headers={"content-type": JSON}, expect=422),
    # A negative position.
    Case("click", "negative position", "POST", "/api/v1/search/click", json={**CLICK, "position": -1}, headers={"content-type": JSON}, expect=422),
    # NUL in the query of the beacon.
    Case("click", "NUL in query", "POST", "/api/v1/search/click", json={**CLICK, "query": "a\x00b"}, headers={"content-type": JSON}, expect=422),
    # NUL in a key, not a value.
    Case("click", "NUL in key", "POST", "/api/v1/search/click", json={**CLICK, "q\x00": 1}, headers={"content-type": JSON}, expect=422),
    # Over the beacon's 4 KiB body limit, without Content-Length (chunked).
    Case("click", "oversize chunked", "POST", "/api/v1/search/click", content=None, json={**CLICK, "pad": "x" * 8000}, headers={"content-type": JSON, "transfer-encoding": "chunked"}, expect=413),
    # A result id longer than its column.
    Case("click", "long result id", "POST", "/api/v1/search/click", json={**CLICK, "result_id": "r" * 301}, headers={"content-type": JSON}, expect=422),
    # A lang longer than its column.
    Case("click", "long lang", "POST", "/api/v1/search/click", json={**CLICK, "lang": "l" * 17}, headers={"content-type": JSON}, expect=422),
    # --- submissions (signed-in contributor) ---
    # No X-CSRF-Token header: a cross-site request riding the cookie.
    Case("submissions", "no CSRF header", "POST", "/api/v1/submissions", json=SUBMISSION, headers={"content-type": JSON}, auth="contributor", csrf=False, expect=403),
    # Not signed in at all (the CSRF check comes first).
    Case("submissions", "anonymous", "POST", "/api/v1/submissions", json=SUBMISSION, headers={"content-type": JSON}, expect=403),
    # NUL in the Markdown body.
    Case("submissions", "NUL in body", "POST", "/api/v1/submissions", json={**SUBMISSION, "body": "text\x00more"}, headers={"content-type": JSON}, auth="contributor", expect=422),
    # NUL in a tag inside a list.
    Case("submissions", "NUL in tag", "POST", "/api/v1/submissions", json={**SUBMISSION, "tags": ["ok", "b\x00d"]}, headers={"content-type": JSON}, auth="contributor", expect=422),
    # A question id past any integer column (bigint overflow on PostgreSQL).
    Case("submissions", "huge question id", "POST", "/api/v1/submissions", json={**SUBMISSION, "question_id": 2**70}, headers={"content-type": JSON}, auth="contributor"),
    # A question id with more digits than Python's int limit.
    Case("submissions", "5000-digit question id", "POST", "/api/v1/submissions", content=json.dumps({**SUBMISSION, "question_id": 0}).replace(": 0", ": " + "7" * 5000).encode(), headers={"content-type": JSON}, auth="contributor", expect=400),
    # A negative question id.
    Case("submissions", "negative question id", "POST", "/api/v1/submissions", json={**SUBMISSION, "question_id": -5}, headers={"content-type": JSON}, auth="contributor"),
    # A revision of a submission id that is no number.
    Case("submissions", "revision of a junk id", "POST", "/api/v1/submissions/' OR 1=1 --/revisions", json={"body": "x"}, headers={"content-type": JSON}, auth="contributor"),
    # A revision of an id past bigint.
    Case("submissions", "revision of a huge id", "POST", "/api/v1/submissions/99999999999999999999999/revisions", json={"body": "x"}, headers={"content-type": JSON}, auth="contributor"),
    # An unknown field (the contributions API forbids extras).
    Case("submissions", "extra field", "POST", "/api/v1/submissions", json={**SUBMISSION, "state": "published"}, headers={"content-type": JSON}, auth="contributor", expect=422),
    # Markdown body over the character limit (its own error code).
    Case("submissions", "body over limit", "POST", "/api/v1/submissions", json={**SUBMISSION, "body": "x" * 60001}, headers={"content-type": JSON}, auth="contributor", expect=413),
    # 200 tags.
    Case("submissions", "too many tags", "POST", "/api/v1/submissions", json={**SUBMISSION, "tags": ["t"] * 200}, headers={"content-type": JSON}, auth="contributor", expect=422),
    # A multipart upload to a JSON endpoint.
    Case("submissions", "multipart to JSON", "POST", "/api/v1/submissions", files={"body": ("a.md", b"# hi", "text/markdown")}, auth="contributor", expect=415),
    # --- previews ---
    # NUL in the previewed Markdown.
    Case("previews", "NUL in preview", "POST", "/api/v1/previews", json={"body": "a\x00b"}, headers={"content-type": JSON}, auth="contributor", expect=422),
    # Deep nesting in the preview body.
    Case("previews", "deep nesting", "POST", "/api/v1/previews", content=('{"body": ' + _nest(3000) + "}").encode(), headers={"content-type": JSON}, auth="contributor", expect=400),
    # A body that is a number, not text.
    Case("previews", "body is a number", "POST", "/api/v1/previews", content=b'{"body": ' + b"1" * 4400 + b"}", headers={"content-type": JSON}, auth="contributor", expect=400),
    # --- sign-in and other forms (contributor portal, staff dashboard) ---
    # A login post without the form's CSRF token (login CSRF).
    Case("forms", "contributor login without CSRF", "POST", "/contribute/login", form={"email": "a@example.com", "password": "x"}, auth="form", csrf=False, expect=403),
    # NUL in the e-mail of the contributor login.
    Case("forms", "NUL in contributor login", "POST", "/contribute/login", form={"email": "a\x00@example.com", "password": "x"}, auth="form", expect=422),
    # NUL in the display name at registration.
    Case("forms", "NUL in registration", "POST", "/contribute/register", form={"email": "n@example.com", "password": "correct horse battery", "display_name": "N\x00"}, auth="form", expect=422),
    # A megabyte password (password hashing cost).
    Case("forms", "huge password", "POST", "/contribute/login", form={"email": "a@example.com", "password": "p" * 1_000_000}, auth="form"),
    # A staff login with SQL and HTML in the e-mail.
    Case("forms", "SQL and HTML in staff login", "POST", "/admin/login", form={"email": "' OR 1=1 --<script>", "password": "x"}, auth="form", expect=401),
    # NUL in the staff login.
    Case("forms", "NUL in staff login", "POST", "/admin/login", form={"email": "x\x00", "password": "x"}, auth="form", expect=422),
    # A staff login without CSRF token.
    Case("forms", "staff login without CSRF", "POST", "/admin/login", form={"email": "a@example.com", "password": "x"}, auth="form", csrf=False, expect=403),
    # A file upload to a login form (files are not accepted).
    Case("forms", "multipart file to login", "POST", "/admin/login", files={"avatar": ("x.png", b"\x89PNG" * 1000, "image/png")}, auth="form"),
    # A multipart body with a broken boundary.
    Case("forms", "broken multipart", "POST", "/contribute/login", content=b"--zzz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx", headers={"content-type": "multipart/form-data; boundary=zzz"}, auth="form"),
    # Hundreds of form fields.
    Case("forms", "too many fields", "POST", "/admin/login", content="&".join(f"f{i}=v" for i in range(500)).encode(), headers={"content-type": "application/x-www-form-urlencoded"}, auth="form"),
    # A 2 MB form body with its length declared (Starlette would read a form whole).
    Case("forms", "2 MB form declared", "POST", "/admin/login", content=b"email=" + b"x" * 2_000_000, headers={"content-type": "application/x-www-form-urlencoded"}, auth="form", expect=413),
    # The same without Content-Length (chunked): counted as it arrives.
    Case("forms", "2 MB form chunked", "POST", "/contribute/login", content=b"email=" + b"x" * 2_000_000, headers={"content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked"}, auth="form", expect=413),
    # A form post whose Origin is another site (CSRF with a stolen token).
    Case("forms", "foreign Origin", "POST", "/contribute/login", form={"email": "a@example.com", "password": "x"}, headers={"origin": "https://evil.example"}, auth="form", expect=403),
    # --- the staff cookie, now read by the search API and the site to show internal pages ---
    # A forged staff cookie (no signature): searched as anyone, never a 5xx.
    Case("staff cookie", "forged staff cookie on search", "GET", "/api/v1/search?q=plan", headers={"cookie": "kb_staff=eyJzaWQiOiJ4In0.forged.sig"}, expect=200),
    # A staff cookie holding 8 kB of junk and control characters.
    Case("staff cookie", "huge staff cookie on search", "GET", "/api/v1/search?q=plan", headers={"cookie": "kb_staff=" + "\x7f%00A" * 1300}, expect=200),
    # Two staff cookies at once (a stale /admin one beside a site-wide one).
    Case("staff cookie", "two staff cookies on search", "GET", "/api/v1/search?q=plan", headers={"cookie": "kb_staff=a.b.c; kb_staff=d.e.f"}, expect=200),
    # The review preview of a traversal id: no such route (an id has no slash), nothing read.
    Case("staff cookie", "preview of a traversal id", "GET", "/admin/review/..%2F..%2Fetc%2Fpasswd/preview", expect=404),
    # The review preview of a hostile id, signed out: sent to sign in first.
    Case("staff cookie", "preview of a hostile id", "GET", "/admin/review/%3Cscript%3E/preview", expect=303),

    # --- the portal's and dashboard's language (feedback_api/i18n.py, feedback_api/auth/language.py) ---
    # Accept-Language of garbage, of absurd q-values, of 100 kB: a normal page in some language.
    Case("language", "garbage Accept-Language", "GET", "/contribute/questions", headers={"accept-language": ";;,,q=,zh;q=abc,-;q=nan,en;q=inf,*;q=-1"}, expect=200),
    Case("language", "huge Accept-Language", "GET", "/admin/login", headers={"accept-language": "zh-CN;q=0.9," * 8000}, expect=200),
    Case("language", "Latin-1 bytes in Accept-Language", "GET", "/contribute/leaderboard", headers={"accept-language": b"\xff\xfezh"}, expect=200),
    # A language the catalogue does not have, and a path in its place.
    Case("language", "unknown language", "POST", "/contribute/language", form={"lang": "../../etc/passwd", "here": "/contribute/questions"}, auth="form", expect=400),
    # The switch sends back only inside the area: never to another site (open redirect).
    Case("language", "foreign return address", "POST", "/contribute/language", form={"lang": "zh", "here": "https://evil.example/"}, auth="form", expect=303),
    # A forged switch without the form's token.
    Case("language", "switch without CSRF", "POST", "/admin/language", form={"lang": "zh", "here": "/admin/"}, auth="form", csrf=False, expect=403),
]
