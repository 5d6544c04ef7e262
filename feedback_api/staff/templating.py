"""Jinja2 for the dashboard: autoescaping always on, strict undefined, strict headers.

Comments are typed by anonymous visitors, so every template escapes every value; nothing in the
staff templates is marked safe. The Content-Security-Policy forbids scripts altogether (the
dashboard has none) as a second line of defence should escaping ever be bypassed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from feedback_api import i18n

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


class Templates:
    def __init__(self, default_lang: Callable[[], str | None] = lambda: None) -> None:
        self.default_lang = default_lang  # the site's default language (its manifest), when nothing else says
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,  # for every template, whatever its file name
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        i18n.install(self.env)

    def render(self, request: Request, name: str, context: dict, status: int = 200, headers: dict | None = None) -> HTMLResponse:
        # In the signed-in account's language, else the switch's or the browser's (feedback_api/i18n.py).
        lang = i18n.choose(request, getattr(context.get("visit"), "user", None), self.default_lang())
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        html = self.env.get_template(name).render(
            {"request": request, "page": "", **i18n.localise(context, lang), "here": here, **i18n.page_globals(lang)})
        language = {"Content-Language": lang, "Vary": "Accept-Language, Cookie"}
        return HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **language, **(headers or {})})
