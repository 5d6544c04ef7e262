"""Reading and validating JSON request bodies, with every failure a 4xx in the one error shape."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from feedback_api.errors import ApiError

MAX_BODY = 16 * 1024  # bytes; a vote with a 2,000-character comment fits with room to spare

M = TypeVar("M", bound=BaseModel)


async def read_json(request: Request, max_bytes: int = MAX_BODY) -> Any:
    ctype = request.headers.get("content-type", "")
    if ctype.split(";", 1)[0].strip().lower() != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.",
                       {"content_type": ctype or None})
    too_large = ApiError(413, "payload_too_large", f"The body is larger than {max_bytes} bytes.",
                         {"max_bytes": max_bytes})
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    # Read in chunks and stop early: a client that lies about (or omits) the length cannot make
    # us buffer more than max_bytes.
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, "malformed_json", "The body is not valid JSON.", {"reason": str(exc)}) from None


def validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"]) or None, "problem": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise ApiError(422, "validation_error", "The request body is not valid.", {"errors": problems}) from None
