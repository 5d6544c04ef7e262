"""The language of the contributor portal and the staff dashboard.

Strings come from the product's one catalogue per language (generator/site/i18n.py, shared with
the built site); dates, numbers and plural forms follow the language through Babel, with the
site's own helpers (generator/site/formats.py, ``tn``). A page's
language is the signed-in account's choice, else the one picked with the switch while signed out
(cookie), else the browser's Accept-Language, else the built site's default language (its
manifest's ``default_lang``), else English.
"""

from __future__ import annotations

import functools
import math

from jinja2 import pass_context
from starlette.requests import Request

from generator.site import formats
from generator.site import i18n as catalogue

SUPPORTED: tuple[str, ...] = tuple(catalogue.STRINGS)
DEFAULT = "en"
COOKIE = "kb_lang"  # the switch's choice while signed out
MAX_HEADER = 512  # characters of Accept-Language looked at; real browsers send well under 100
MAX_RANGES = 16


class Msg(str):
    """A catalogue entry a view hands to a page (title, notice, error): its English text wherever a
    plain string is expected (logs, tests), put into the page's language when a page renders it."""

    key: str
    count: int | None  # given: a plural entry (``key.one``, ``key.other``, ...), ``{n}`` in its text
    values: dict

    def __new__(cls, key: str, count: int | None = None, **values) -> Msg:
        self = super().__new__(cls, _text("en", key, count, values))
        self.key, self.count, self.values = key, count, values
        return self

    def __call__(self, lang: str) -> str:
        return _text(lang, self.key, self.count, self.values)


def _text(lang: str, key: str, count: int | None, values: dict) -> str:
    return catalogue.t(lang, key, **values) if count is None else catalogue.tn(lang, key, count, **values)


msg = Msg


def from_header(header: str | None) -> str | None:
    """The supported language the browser prefers most (RFC 9110 language ranges with q-values).

    Anything malformed is skipped rather than refused: a garbage header gets the default language."""
    best: tuple[float, str] | None = None
    for part in (header or "")[:MAX_HEADER].split(",")[:MAX_RANGES]:
        tag, _, params = part.partition(";")
        q = 1.0
        params = params.strip().lower()
        if params:
            if not params.startswith("q="):
                continue
            try:
                q = float(params[2:])
            except ValueError:
                continue
            if not (0 < q <= 1) or math.isnan(q):
                continue
        primary = tag.strip().split("-", 1)[0].lower()
        if primary in SUPPORTED and (best is None or q > best[0]):  # ties: the first listed
            best = (q, primary)
    return best[1] if best else None


def choose(request: Request, user=None, default: str | None = None) -> str:
    for lang in (getattr(user, "lang", None), request.cookies.get(COOKIE),
                 from_header(request.headers.get("accept-language")), default):
        if lang in SUPPORTED:
            return lang
    return DEFAULT


@pass_context
def _datetime(ctx, value) -> str:
    return "" if value is None else formats.minute(value, ctx["lang"])


@pass_context
def _date(ctx, value) -> str:
    return "" if value is None else formats.day(value, ctx["lang"])


@pass_context
def _day(ctx, value) -> str:
    return formats.day_month(value, ctx["lang"])


@pass_context
def _number(ctx, value) -> str:
    return formats.number(value, ctx["lang"])


@pass_context
def _percent(ctx, value) -> str:
    return "–" if value is None else formats.percent(value, ctx["lang"])


@pass_context
def _tr(ctx, value) -> str:
    """A ``Msg`` inside a value (e.g. the filters' problems) in the page's language."""
    return value(ctx["lang"]) if isinstance(value, Msg) else value


@pass_context
def _decimal(ctx, value) -> str:
    return formats.tenths(value, ctx["lang"])


def install(env) -> None:
    """Filters that format in the page's language (``lang`` in the render context)."""
    env.filters.update(tr=_tr, datetime=_datetime, date=_date, day=_day, number=_number, decimal=_decimal,
                       percent=_percent)


def page_globals(lang: str) -> dict:
    """What every page's templates get: ``t("key")``, ``tn("key", n)``, the language and the switch's choices."""
    return {
        "lang": lang,
        "t": functools.partial(catalogue.t, lang),
        "tn": functools.partial(catalogue.tn, lang),
        "ui_languages": [(code, catalogue.t(code, "language_name")) for code in SUPPORTED],
    }


def localise(context: dict, lang: str) -> dict:
    """The context with every ``Msg`` value put into ``lang``."""
    return {k: v(lang) if isinstance(v, Msg) else v for k, v in context.items()}
