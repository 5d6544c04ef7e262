"""Limits on the request line itself (path and query string), checked before any route.

* Longer than ``MAX_TARGET_BYTES`` (path plus query, as sent): 414 ``uri_too_long``. No route
  takes anything near it (a search query is at most 500 characters, ~4.5 KB percent-encoded
  in CJK), and the HTTP server's own parser stops near 64 KB, answering in the same shape (see
  ``server.JsonErrorHttpToolsProtocol``).
* A NUL character (``%00``) anywhere in the path or query: 400 ``bad_request``. No database stores
  it, so it must never get as far as a query on either engine.

API paths get the JSON error shape, pages a small HTML page (``errors.error_for``).
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from feedback_api.errors import error_for

MAX_TARGET_BYTES = 8192


class RequestLineLimits:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        raw_path = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        query = scope.get("query_string", b"")
        response = None
        if len(raw_path) + len(query) > MAX_TARGET_BYTES:
            response = error_for(path, 414, "uri_too_long",
                                 f"The request line is longer than {MAX_TARGET_BYTES} bytes.",
                                 title="Address too long", details={"max_bytes": MAX_TARGET_BYTES})
        elif "\x00" in path or b"\x00" in unquote_to_bytes(query):
            response = error_for(path, 400, "bad_request", "The address contains a NUL character (%00).",
                                 title="Bad address")
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)
