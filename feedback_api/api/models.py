"""Request and response bodies of the core API; their JSON Schemas feed the OpenAPI document."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from feedback_api.storage.votes import REASONS

Reason = Literal["outdated", "unclear", "incomplete", "did-not-solve", "other"]
assert set(get_args(Reason)) == set(REASONS)  # a programming invariant, not user input


class VoteIn(BaseModel):
    # strict: "true" is not a bool and 1 is not a string; extra keys are ignored so an older
    # service accepts a newer widget.
    model_config = ConfigDict(strict=True, extra="ignore", title="VoteRequest")

    article_id: str = Field(min_length=1, max_length=255, description="A page id from manifest.json")
    helpful: bool
    reason: Reason | None = Field(None, description="Only with helpful=false")
    comment: str | None = Field(None, max_length=2000, description="Only with helpful=false")
    visitor: str = Field(
        min_length=16, max_length=128, pattern=r"^[\x21-\x7e]+$",
        description="A random token the browser keeps; only its keyed hash is stored",
    )
    lang: Literal["en", "zh"] | None = None
    page_url: str | None = Field(None, max_length=2048)
    search_query: str | None = Field(
        None, max_length=500,
        description="The search that led to this page, if any: a helpful vote lifts the page for that query (docs/search.md)",
    )

    @model_validator(mode="after")
    def _only_when_not_helpful(self) -> VoteIn:
        if self.comment is not None and not self.comment.strip():
            self.comment = None
        if self.helpful and (self.reason is not None or self.comment is not None):
            raise ValueError("reason and comment are only accepted when helpful is false")
        return self


class SummaryOut(BaseModel):
    model_config = ConfigDict(title="ArticleSummary")

    article_id: str
    helpful: int = Field(ge=0)
    not_helpful: int = Field(ge=0)
    total: int = Field(ge=0)
    score: float = Field(ge=0, le=1, description="Lower bound of the 95% Wilson interval of helpful/total")


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable, e.g. validation_error, article_not_found")
    message: str
    details: dict


class ErrorOut(BaseModel):
    model_config = ConfigDict(title="Error")

    error: ErrorBody


MODELS = (VoteIn, SummaryOut, ErrorOut)
