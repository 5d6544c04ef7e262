"""Jinja2 for the dashboard: autoescaping always on, strict undefined, strict headers.

Comments are typed by anonymous visitors, so every template escapes every value; nothing in the
staff templates is marked safe. The Content-Security-Policy forbids scripts altogether (the
dashboard has none) as a second line of defence should escaping ever be bypassed.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).resolve().parent / "templates"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # Pages show private feedback and carry CSRF tokens: never keep them in a shared cache.
    "Cache-Control": "no-store",
}


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _datetime(value) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


class Templates:
    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,  # for every template, whatever its file name
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["percent"] = _percent
        self.env.filters["datetime"] = _datetime

    def render(self, request: Request, name: str, context: dict, status: int = 200, headers: dict | None = None) -> HTMLResponse:
        html = self.env.get_template(name).render({"request": request, "page": "", **context})
        return HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})
