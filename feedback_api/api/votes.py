"""POST /api/v1/votes and GET /api/v1/articles/{id}/summary."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from feedback_api.api.models import VoteIn
from feedback_api.bodies import read_json, validate
from feedback_api.errors import ApiError
from feedback_api.rate_limit import RateLimiter
from feedback_api.search import learning
from feedback_api.storage import raw
from feedback_api.storage import votes as store

log = logging.getLogger(__name__)


def visitor_hash(key: bytes, token: str) -> str:
    return hmac.new(key, b"visitor:" + token.encode(), hashlib.sha256).hexdigest()


_SAVEPOINT = raw.statement("SAVEPOINT kb_votes")


@dataclass(frozen=True)
class RecordVotes:
    """The votes of one group-committed batch (``db.write_together``; equal for one app's
    requests): their rate-limit counts, upserts and summaries take one statement each for the whole
    batch, and one round trip on PostgreSQL. A refused vote gets its 429 and is neither stored nor
    counted."""

    rate_limiter: RateLimiter

    def __call__(self, conn: Connection, votes: list[tuple[str, dict[str, Any]]]) -> list[tuple[bool, store.Summary] | Exception]:
        keys, rows = [key for key, _row in votes], [row for _key, row in votes]
        now = time.time()
        if conn.dialect.name == "postgresql":
            # One round trip: counted and recorded at once, as if no client were over the limit...
            _, verdicts, recorded = raw.run_together(
                conn, _SAVEPOINT, self.rate_limiter.counting(conn, keys, now), store.recording(conn, rows))
            if all(verdict is None for verdict in verdicts):
                return list(recorded)
            # ...and when one was (rarely), undone, then as on SQLite (no round trips there).
            conn.exec_driver_sql("ROLLBACK TO kb_votes")
        # Counted first, then only the votes within the limit recorded.
        refusals = self.rate_limiter.admit(conn, keys, now)
        admitted = iter(store.record_votes(conn, [row for row, refusal in zip(rows, refusals, strict=True) if refusal is None]))
        return [next(admitted) if refusal is None else refusal for refusal in refusals]


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
    created, summary = await deps.db.write_together(RecordVotes(deps.rate_limiter), (client_key, row))
    if vote.search_query:
        await _teach_search(deps, vote, vote.search_query)
    deps.metrics.votes.labels(str(vote.helpful).lower(), "created" if created else "changed").inc()
    return JSONResponse(summary.as_dict(), status_code=201 if created else 200)


async def _teach_search(deps, vote: VoteIn, query: str) -> None:
    """A helpful vote on the page a search led to lifts it for that query; "not helpful" takes it
    back. After the vote's own commit (votes are group-committed in batches): a vote stands even
    when this soft signal cannot be written, so a failure here is logged, never the vote's answer."""
    change = learning.record if vote.helpful else learning.forget
    try:
        await deps.db.write(lambda conn: change(conn, deps.settings.key, query, vote.article_id, vote.visitor, "helpful"))
    except Exception:
        log.warning("could not record what a vote taught search", exc_info=True)


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
