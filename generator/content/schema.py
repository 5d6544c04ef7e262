"""Typed front matter for each content type, validated with pydantic.

Each model is the single declaration of the keys a content type accepts: the loader validates with
it, ``kb new`` fills templates from it, and ``tests/generator/test_docs.py`` checks that every key is
documented in docs/authoring.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from ..safety.text import find_markup
from .safe_yaml import shorten
from .versions import Version, VersionRange

Lang = Literal["en", "zh"]


class _Common(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    id: str | None = Field(None, description="Stable unique id; `kb new` generates it. Never change it.")
    title: str | None = Field(None, description="Page title; defaults to the first `# H1` of the body.")
    summary: str | None = Field(None, description="One or two sentences shown in listings and search results.")
    lang: Lang | None = Field(None, description="`en` or `zh`; defaults to the site's default language.")
    tags: list[str] = Field(default_factory=list, description="Tags from kb/tags.yml (a synonym is accepted).")
    owner: str | None = Field(None, description="Who keeps the page correct (a person or team).")
    reviewed: dt.date | None = Field(None, description="Date of the last review, e.g. 2026-10-01.")
    review_every: int | None = Field(None, gt=0, description="Days between reviews; past due the page shows a stale banner.")
    aliases: list[str] = Field(default_factory=list, description="Old URLs (site-relative) that redirect here.")
    date: dt.date | None = Field(None, description="Publication date; may come from a YYYY-MM-DD file-name prefix.")
    contributors: list[str] = Field(default_factory=list, description="Community contributors credited on the page.")
    submission: str | None = Field(None, description="Id of the contributor submission this file was exported from.")
    audience: Literal["public", "internal"] | None = Field(
        None, description="`public` (anyone) or `internal` (signed-in staff only); defaults to the content type's "
                          "(runbooks internal, the rest public; `audiences` in the configuration).")

    @field_validator("tags", "aliases", "contributors", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, str):
            return [s.strip() for s in v.split(",") if s.strip()]
        return v


class ArticleMeta(_Common):
    category: str | None = Field(None, description="Category key from kb/categories.yml.")
    translation_of: str | None = Field(None, description="Id of the same article in the other language.")
    applies_to: str | None = Field(None, description="Product versions the article is true for, e.g. `>=3.0` or `>=3.0,<3.2`.")

    @field_validator("applies_to", mode="before")
    @classmethod
    def _range(cls, v: Any) -> Any:
        if v is None:
            return None
        VersionRange.parse(str(v))  # raises ValueError with the message to show
        return str(v)


class RunbookMeta(_Common):
    service: str | None = Field(None, description="The service the alert fires for.")
    alert: str | None = Field(None, description="Alert name as the monitoring system sends it; gives the URL /runbooks/alerts/<alert>/.")
    severity: Literal["critical", "warning", "info"] | None = Field(None, description="`critical`, `warning` or `info`.")
    translation_of: str | None = Field(None, description="Id of the same runbook in the other language.")


class IncidentMeta(_Common):
    severity: Literal["P0", "P1", "P2", "P3"] | None = Field(None, description="`P0` (worst) to `P3`.")
    started: dt.datetime | None = Field(None, description="When impact began, UTC, e.g. 2026-03-04T09:12:00Z.")
    detected: dt.datetime | None = Field(None, description="When the team knew, UTC.")
    resolved: dt.datetime | None = Field(None, description="When impact ended, UTC.")
    services: list[str] = Field(default_factory=list, description="Services affected.")
    status: Literal["draft", "in-review", "published"] | None = Field(None, description="`draft`, `in-review` or `published`.")
    runbooks: list[str] = Field(default_factory=list, description="Ids of runbooks used during the incident.")

    @field_validator("services", "runbooks", mode="before")
    @classmethod
    def _listify2(cls, v: Any) -> Any:
        return _Common._listify(v)


class ReleaseMeta(_Common):
    version: str | None = Field(None, description="Semantic version, e.g. 3.2.0 or 3.2.0-beta.1; may come from the file name.")
    affects: list[str] = Field(default_factory=list, description="Ids of articles this release changes (links in the body count too).")
    translation_of: str | None = Field(None, description="Id of the same release note in the other language.")

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, v: Any) -> Any:
        if v is None:
            return None
        Version.parse(str(v))
        return str(v)

    @field_validator("affects", mode="before")
    @classmethod
    def _listify2(cls, v: Any) -> Any:
        return _Common._listify(v)


SCHEMAS: dict[str, type[_Common]] = {
    "article": ArticleMeta,
    "runbook": RunbookMeta,
    "incident": IncidentMeta,
    "release": ReleaseMeta,
    "page": ArticleMeta,
}

# Keys a managed kb requires per type (foreign content derives what it can instead).
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("id", "category", "owner", "lang"),
    "runbook": ("id", "service", "alert", "severity", "owner"),
    "incident": ("id", "severity", "started", "detected", "resolved", "services", "status"),
    "release": ("id", "date"),
    "page": (),
}

# Sections a managed kb requires per type, as H2 headings (case-insensitive).
REQUIRED_SECTIONS: dict[str, tuple[str, ...]] = {
    "runbook": ("Symptoms", "Impact", "Diagnosis", "Mitigation", "Escalation"),
    "incident": ("Summary", "Impact", "Timeline", "Root cause", "Resolution", "Action items"),
    "release": (),
}
RELEASE_SECTIONS = ("New", "Improved", "Fixed", "Breaking changes")


class MetaProblem(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def validate(content_type: str, data: dict[str, Any]) -> tuple[_Common, list[MetaProblem]]:
    """Validate ``data``; on errors return a model built from the valid keys only, plus the problems."""
    schema = SCHEMAS[content_type]
    problems: list[MetaProblem] = markup_problems(data) + template_problems(data)
    try:
        return schema.model_validate(data), problems
    except ValidationError as exc:
        bad: set[str] = set()
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else "?"
            bad.add(key)
            problems.append(MetaProblem(key, _explain(key, err, data.get(key))))
        cleaned = {k: v for k, v in data.items() if k not in bad}
        return schema.model_validate(cleaned), problems


def markup_problems(data: dict[str, Any]) -> list[MetaProblem]:
    """Every front-matter value is plain text (titles, summaries, tags, owners, aliases, versions,
    theme keys such as description): HTML in one is a mistake or an attack, never formatting."""
    problems = []
    for key, value in data.items():
        for text in value if isinstance(value, list) else [value]:
            found = find_markup(text) if isinstance(text, str) else None
            if found:
                problems.append(MetaProblem(key, f"front matter '{key}': markup is not allowed in plain text (found {found!r})"))
                break
    return problems


# Material's redirect page sends the reader to the page's `location` from a script: never a page's
# template (old URLs are `aliases`, which write their own redirects).
REFUSED_TEMPLATES = frozenset({"redirect.html"})


def template_problems(data: dict[str, Any]) -> list[MetaProblem]:
    template = data.get("template")
    if isinstance(template, str) and template.strip().rsplit("/", 1)[-1] in REFUSED_TEMPLATES:
        return [MetaProblem("template", f"front matter 'template': {template!r} is Material's redirect page, "
                                        "not a page template; list old URLs in 'aliases' instead")]
    return []


# Keys MkDocs and Material read from front matter themselves.
THEME_KEYS = frozenset({"hide", "template", "search", "icon", "status", "description", "subtitle", "social", "comments"})


def unknown_keys(content_type: str, data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Keys the schema does not know, each with the closest known key (a likely typo)."""
    known = list(SCHEMAS[content_type].model_fields)
    out = []
    for key in data:
        if key not in known and key not in THEME_KEYS:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
            out.append((key, close[0] if close else None))
    return out


_HINTS = {
    "date_from_datetime_parsing": "expected a date like 2026-03-31",
    "date_parsing": "expected a date like 2026-03-31",
    "date_type": "expected a date like 2026-03-31",
    "datetime_parsing": "expected a UTC time like 2026-03-04T09:12:00Z",
    "datetime_from_date_parsing": "expected a UTC time like 2026-03-04T09:12:00Z",
    "datetime_type": "expected a UTC time like 2026-03-04T09:12:00Z",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "greater_than": "must be a positive number",
    "list_type": "expected a list, e.g. [a, b]",
    "string_type": "expected text",
}


def _explain(key: str, err: ErrorDetails, value: Any) -> str:
    kind = err.get("type", "")
    if kind == "value_error":
        msg = shorten(str(err.get("ctx", {}).get("error", err["msg"])), 200)
    elif kind == "literal_error":
        msg = "must be " + err["ctx"]["expected"]
    else:
        msg = _HINTS.get(kind, err["msg"])
    return f"front matter '{shorten(key, 60)}': {msg} (got {shorten(value if not isinstance(value, str) else repr(value))})"
