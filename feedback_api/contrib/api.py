"""The contributions API under /api/v1: submissions, previews, questions, leaderboard, profile."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse

from feedback_api.auth.gate import api_user
from feedback_api.bodies import read_json, validate
from feedback_api.contrib import ledger, limits, profile, questions, sanitize, submissions
from feedback_api.contrib.context import Contrib
from feedback_api.contrib.schemas import PreviewIn, RevisionIn, SubmissionIn
from feedback_api.errors import ApiError
from feedback_api.staff.orm import orm


def _with_schemas(*endpoints) -> None:
    """Put the pydantic body schemas into the YAML docstrings (JSON is YAML): the spec shows
    exactly what validation accepts, without the core's shared components having to know them."""
    for fn in endpoints:
        for model in (SubmissionIn, RevisionIn, PreviewIn):
            fn.__doc__ = fn.__doc__.replace(f"__{model.__name__}__", json.dumps(model.model_json_schema()))


def _max_bytes(contrib: Contrib) -> int:
    # Characters are checked after parsing (body_too_large); the byte cap only stops huge uploads.
    return contrib.config.max_body * 4 + 16 * 1024


async def post_submission(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: Send a suggested edit or a new article (contributor session cookie and X-CSRF-Token header)
    tags: [contributions]
    requestBody:
      required: true
      content:
        application/json:
          schema: __SubmissionIn__
    responses:
      "201": {description: The submission, waiting for review, content: {application/json: {schema: {type: object}}}}
      "400": {$ref: "#/components/responses/Error"}
      "401": {$ref: "#/components/responses/Error"}
      "403": {$ref: "#/components/responses/Error"}
      "404": {$ref: "#/components/responses/Error"}
      "409": {$ref: "#/components/responses/Error"}
      "413": {$ref: "#/components/responses/Error"}
      "415": {$ref: "#/components/responses/Error"}
      "422": {$ref: "#/components/responses/Error"}
      "429": {$ref: "#/components/responses/Error"}
    """
    who = await api_user(request, contrib.auth)
    data = validate(SubmissionIn, await read_json(request, _max_bytes(contrib)))
    limits.honeypot(data.website)
    limits.body_size(data.body, contrib.config)
    manifest = contrib.manifest()
    row = await contrib.db.write(orm(lambda db: submissions.as_dict(
        submissions.create(db, who.id, data, manifest, contrib.config))))
    return JSONResponse(row, status_code=201)


async def list_submissions(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: The signed-in contributor's submissions and their states
    tags: [contributions]
    responses:
      "200": {description: Newest first, content: {application/json: {schema: {type: object}}}}
      "401": {$ref: "#/components/responses/Error"}
    """
    who = await api_user(request, contrib.auth)
    rows = await contrib.db.read(orm(lambda db: [submissions.as_dict(r) for r in submissions.mine(db, who.id)]))
    return JSONResponse({"submissions": rows})


async def post_revision(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: Revise a submission after a reviewer requested changes; it re-enters the review queue
    tags: [contributions]
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    requestBody:
      required: true
      content:
        application/json:
          schema: __RevisionIn__
    responses:
      "200": {description: The revised submission, content: {application/json: {schema: {type: object}}}}
      "400": {$ref: "#/components/responses/Error"}
      "401": {$ref: "#/components/responses/Error"}
      "403": {$ref: "#/components/responses/Error"}
      "404": {$ref: "#/components/responses/Error"}
      "409": {$ref: "#/components/responses/Error"}
      "413": {$ref: "#/components/responses/Error"}
      "415": {$ref: "#/components/responses/Error"}
      "422": {$ref: "#/components/responses/Error"}
      "429": {$ref: "#/components/responses/Error"}
    """
    who = await api_user(request, contrib.auth)
    data = validate(RevisionIn, await read_json(request, _max_bytes(contrib)))
    limits.honeypot(data.website)
    limits.body_size(data.body, contrib.config)
    sub_id = request.path_params["id"]
    row = await contrib.db.write(orm(lambda db: submissions.as_dict(
        submissions.revise(db, who.id, sub_id, data, contrib.config))))
    return JSONResponse(row)


async def post_preview(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: Render Markdown as the reviewers will see it (sanitized HTML)
    tags: [contributions]
    requestBody:
      required: true
      content:
        application/json:
          schema: __PreviewIn__
    responses:
      "200": {description: Sanitized HTML, content: {application/json: {schema: {type: object, properties: {html: {type: string}}}}}}
      "401": {$ref: "#/components/responses/Error"}
      "403": {$ref: "#/components/responses/Error"}
      "413": {$ref: "#/components/responses/Error"}
      "415": {$ref: "#/components/responses/Error"}
      "422": {$ref: "#/components/responses/Error"}
    """
    await api_user(request, contrib.auth)
    data = validate(PreviewIn, await read_json(request, _max_bytes(contrib)))
    limits.body_size(data.body, contrib.config)
    return JSONResponse({"html": sanitize.render(data.body)})


async def get_questions(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: Open questions with their point bounties
    tags: [contributions]
    responses:
      "200": {description: Highest bounty first, content: {application/json: {schema: {type: object}}}}
    """
    rows = await contrib.db.read(orm(lambda db: [questions.as_dict(q) for q in questions.open_questions(db)]))
    return JSONResponse({"questions": rows})


async def get_leaderboard(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: Contributors ranked by points earned this week, this month or all time (UTC)
    tags: [contributions]
    parameters:
      - {name: window, in: query, required: false, schema: {type: string, enum: [week, month, all], default: week}}
    responses:
      "200": {description: Top contributors, content: {application/json: {schema: {type: object}}}}
      "422": {$ref: "#/components/responses/Error"}
    """
    window = request.query_params.get("window", "week")
    if window not in ledger.WINDOWS:
        raise ApiError(422, "validation_error", "window must be week, month or all.", {"window": window})
    contrib.manifest()
    await contrib.maybe_sweep()
    rows = await contrib.db.read(orm(lambda db: ledger.leaderboard(db, window)))
    return JSONResponse({"window": window, "leaders": rows})


async def get_me(request: Request, contrib: Contrib) -> JSONResponse:
    """
    summary: The signed-in contributor's points, level, badges, pending rewards and public profile address
    tags: [contributions]
    responses:
      "200": {description: Profile, content: {application/json: {schema: {type: object}}}}
      "401": {$ref: "#/components/responses/Error"}
    """
    who = await api_user(request, contrib.auth)
    contrib.manifest()
    await contrib.maybe_sweep()
    data = await contrib.db.read(orm(lambda db: profile.summary(db, who.id)))
    handle = profile.handle(who.id, who.display_name)
    return JSONResponse({"display_name": who.display_name, "handle": handle, "profile_url": f"/contribute/people/{handle}",
                         "unread_notifications": who.unread, **profile.as_json(data)})


_with_schemas(post_submission, post_revision, post_preview)
