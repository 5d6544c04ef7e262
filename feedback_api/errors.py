"""The one JSON error shape: ``{"error": {"code", "message", "details"}}``, for every status.

Routes raise ``ApiError``; the router's own 404/405, Starlette's HTTPException and any unexpected
exception are turned into the same shape by ``HANDLERS``, which ``create_app`` installs.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

log = logging.getLogger("feedback_api")

# Machine codes for statuses Starlette raises by itself (router, StaticFiles).
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "service_unavailable",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers


def error_response(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return JSONResponse(body, status_code=status, headers=headers)


# Paths whose clients are programs: they get the JSON shape. Everything else is a page people
# open in a browser (dashboard, contributor portal, the site), which gets a small HTML page.
JSON_PATHS = ("/api/", "/healthz", "/metrics")


def wants_json(path: str) -> bool:
    return path.startswith(JSON_PATHS)


def html_error_page(status: int, title: str, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """A self-contained page (no template, no database) for errors raised outside the views."""
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></html>"
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def error_for(path: str, status: int, code: str, message: str, *, title: str, details: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None) -> Response:
    """The JSON shape for API paths, the same message as an HTML page for pages."""
    if wants_json(path):
        return error_response(status, code, message, details, headers)
    return html_error_page(status, title, message, headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _CODES.get(exc.status_code, "http_error" if exc.status_code < 500 else "server_error")
    details: dict[str, Any] = {}
    if exc.status_code == 404:
        details = {"path": request.url.path}
    elif exc.status_code == 405:
        details = {"method": request.method}
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return error_response(exc.status_code, code, message, details, dict(exc.headers or {}) or None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "The server failed to handle this request.")


HANDLERS = {ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected}
