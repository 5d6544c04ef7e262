"""Dates, numbers, durations and plural forms in a page's language, from Babel's CLDR data.

Generated pages and feeds format every date and count here, so "2 Nov 2026" and "2026年11月2日"
come from the same call and a third language needs only its locale below (and its strings).
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

# The CLDR locale each site language is written in: British English gives "2 Nov 2026".
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}


@functools.cache
def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


def day(value: dt.date, lang: str) -> str:
    """2 Nov 2026 / 2026年11月2日"""
    return format_date(value, "medium", locale=locale(lang))


def day_month(value: dt.date, lang: str) -> str:
    """2 Nov / 11月2日, for a chart's axis."""
    return format_skeleton("MMMd", value, locale=locale(lang))


def minute(value: dt.datetime, lang: str) -> str:
    """A moment to the minute, in UTC: 2 Nov 2026, 14:05 / 2026年11月2日 14:05."""
    value = (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
    loc = locale(lang)
    return str(loc.datetime_formats["medium"]).format(format_time(value, "HH:mm", locale=loc), day(value.date(), lang))


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in ``lang``: 'English' / '英语'."""
    return str(locale(lang).languages.get(code, code))


def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=locale(lang))


def tenths(value: float, lang: str) -> str:
    """One decimal place: 3.5 / 1,234.0."""
    return format_decimal(value, "#,##0.0", locale=locale(lang))


def percent(share: float, lang: str) -> str:
    """0.42 -> 42%."""
    return format_percent(share, locale=locale(lang))


def plural_form(count: float, lang: str) -> str:
    """The CLDR plural category of ``count`` ('one', 'other', ...); Chinese has only 'other'."""
    return locale(lang).plural_form(count)


def duration(delta: dt.timedelta | None, lang: str) -> str:
    """1d 2h 5m / 1天2小时5分钟; '' for no or negative durations."""
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return ""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "duration-day")] if days else []
    if hours:
        parts.append((hours, "duration-hour"))
    if mins or not parts:
        parts.append((mins, "duration-minute"))
    loc = locale(lang)
    return format_list([format_unit(n, unit, length="narrow", locale=loc) for n, unit in parts], style="unit-narrow", locale=loc)


def hours(value: float | None, lang: str) -> str:
    """A mean or median time: 4.0h / 4.0小时, under an hour in minutes (45m / 45分钟); '' for none."""
    if value is None:
        return ""
    loc = locale(lang)
    if value < 1:
        return format_unit(round(value * 60), "duration-minute", length="narrow", locale=loc)
    return format_unit(value, "duration-hour", length="narrow", format="#,##0.0", locale=loc)
