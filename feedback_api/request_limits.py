"""Limits every request meets before any route, whatever its content type.

* Path plus query longer than ``MAX_TARGET_BYTES`` (as sent): 414 ``uri_too_long``. No route takes
  anything near it (a search query is at most 500 characters, ~4.5 KB percent-encoded in CJK),
  and the HTTP server's own parser stops near 64 KB, answering in the same shape (see
  ``server.NoDelayHttpToolsProtocol``).
* A NUL character (``%00``) anywhere in the path or query: 400 ``bad_request``. No database stores
  it, so it must never get as far as a query on either engine.
* A body over ``MAX_BODY_BYTES``: 413 ``payload_too_large``, counted as it arrives (a missing or
  false Content-Length changes nothing). Routes have smaller limits of their own (JSON bodies in
  ``bodies.py``); this one covers the HTML forms, which Starlette would otherwise read whole.

API paths get the JSON error shape, pages a small HTML page (``errors.error_for``).
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from feedback_api.errors import error_for

MAX_TARGET_BYTES = 8192
MAX_BODY_BYTES = 1024 * 1024  # above the largest route limit (a 60,000-character submission)


class _BodyTooLarge(Exception):
    pass


class RequestLimits:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        response = self._refuse_target(scope, path)
        if response is None:
            declared = dict(scope.get("headers", ())).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                response = _too_large(path)
        if response is not None:
            await response(scope, receive, send)
            return

        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise _BodyTooLarge
            return message

        async def watch(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watch)
        except _BodyTooLarge:
            if started:
                raise
            await _too_large(path)(scope, receive, send)

    @staticmethod
    def _refuse_target(scope, path: str):
        raw_path = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        query = scope.get("query_string", b"")
        if len(raw_path) + len(query) > MAX_TARGET_BYTES:
            return error_for(path, 414, "uri_too_long", f"The request line is longer than {MAX_TARGET_BYTES} bytes.",
                             title="Address too long", details={"max_bytes": MAX_TARGET_BYTES})
        if "\x00" in path or b"\x00" in unquote_to_bytes(query):
            return error_for(path, 400, "bad_request", "The address contains a NUL character (%00).", title="Bad address")
        return None


def _too_large(path: str):
    return error_for(path, 413, "payload_too_large", f"The body is larger than {MAX_BODY_BYTES} bytes.",
                     title="Too large", details={"max_bytes": MAX_BODY_BYTES})
