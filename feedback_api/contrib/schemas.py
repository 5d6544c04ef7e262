"""Request bodies of the contributions API (pydantic: validation and the OpenAPI schemas)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Honeypot: hidden in the form; anything in it refuses the request (see limits.honeypot).
    website: str | None = Field(None, max_length=200)


class SubmissionIn(_Body):
    kind: Literal["edit", "article"]
    article_id: str | None = Field(None, max_length=255, description="Edits: the article's id from manifest.json")
    # Bounded to the id column's range: a larger number must be a 422, not a driver overflow.
    question_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Answers: the open question this article answers")
    title: str | None = Field(None, min_length=3, max_length=200)
    category: str | None = Field(None, max_length=100)
    tags: list[str] = Field(default_factory=list, max_length=10)
    lang: Literal["en", "zh"] | None = None
    # No max_length here: the size limit has its own error code (body_too_large).
    body: str = Field(min_length=1)


class RevisionIn(_Body):
    title: str | None = Field(None, min_length=3, max_length=200)
    body: str = Field(min_length=1)


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str


MODELS = (SubmissionIn, RevisionIn, PreviewIn)
