"""POST /api/v1/votes and GET /api/v1/articles/{id}/summary."""

from __future__ import annotations

import hashlib
import hmac
import time

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from feedback_api.api.models import VoteIn
from feedback_api.bodies import read_json, validate
from feedback_api.errors import ApiError
from feedback_api.search import learning
from feedback_api.storage import votes as store


def visitor_hash(key: bytes, token: str) -> str:
    return hmac.new(key, b"visitor:" + token.encode(), hashlib.sha256).hexdigest()


def _unknown_article(article_id: str) -> ApiError:
    return ApiError(404, "article_not_found", "No article with this id in the current site build.",
                    {"article_id": article_id})


async def post_vote(request: Request) -> JSONResponse:
    """
    summary: Vote on an article (one vote per visitor per article; voting again changes it)
    tags: [votes]
    requestBody:
      required: true
      content:
        application/json:
          schema: {$ref: "#/components/schemas/VoteRequest"}
    responses:
      "201": {description: First vote of this visitor on this article, content: {application/json: {schema: {$ref: "#/components/schemas/ArticleSummary"}}}}
      "200": {description: The visitor's earlier vote was replaced, content: {application/json: {schema: {$ref: "#/components/schemas/ArticleSummary"}}}}
      "400": {$ref: "#/components/responses/Error"}
      "404": {$ref: "#/components/responses/Error"}
      "413": {$ref: "#/components/responses/Error"}
      "415": {$ref: "#/components/responses/Error"}
      "422": {$ref: "#/components/responses/Error"}
      "429": {$ref: "#/components/responses/Error"}
    """
    deps = request.app.state.deps
    vote = validate(VoteIn, await read_json(request))
    if vote.article_id not in deps.manifest:
        raise _unknown_article(vote.article_id)
    row = {
        "article_id": vote.article_id,
        "visitor_hash": visitor_hash(deps.settings.key, vote.visitor),
        "helpful": vote.helpful,
        "reason": vote.reason,
        "comment": vote.comment,
        "lang": vote.lang,
        "page_url": vote.page_url,
    }
    client_key = deps.rate_limiter.client_key(request)

    def transaction(conn):
        # The rate-limit count shares the vote's round trip and transaction (group-committed with
        # others, see db.py): a refused vote is rolled back, its count included.
        now = time.time()
        created, summary, (counted,) = store.record_vote(
            conn, row, along=[deps.rate_limiter.counting(conn, client_key, now)])
        ((count,),) = counted
        deps.rate_limiter.enforce(count, now)
        if vote.search_query:
            # A helpful vote on the page a search led to lifts it for that query; "not helpful" takes it back.
            change = learning.record if vote.helpful else learning.forget
            change(conn, deps.settings.key, vote.search_query, vote.article_id, vote.visitor, "helpful")
        return created, summary

    created, summary = await deps.db.write(transaction)
    deps.metrics.votes.labels(str(vote.helpful).lower(), "created" if created else "changed").inc()
    return JSONResponse(summary.as_dict(), status_code=201 if created else 200)


async def get_summary(request: Request) -> JSONResponse:
    """
    summary: Vote counts and score of one article
    tags: [votes]
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}, description: "A page id from manifest.json (may contain slashes)"}
    responses:
      "200": {description: The article's summary, content: {application/json: {schema: {$ref: "#/components/schemas/ArticleSummary"}}}}
      "404": {$ref: "#/components/responses/Error"}
    """
    deps = request.app.state.deps
    article_id = request.path_params["id"]
    if article_id not in deps.manifest:
        raise _unknown_article(article_id)
    summary = await deps.db.read(store.summary, article_id)
    return JSONResponse(summary.as_dict())


def routes(prefix: str) -> list[Route]:
    return [
        Route(f"{prefix}/votes", post_vote, methods=["POST"], name="post_vote"),
        Route(f"{prefix}/articles/{{id:path}}/summary", get_summary, methods=["GET"], name="article_summary"),
    ]
