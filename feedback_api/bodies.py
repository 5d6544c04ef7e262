"""Reading and validating request bodies, with every failure a 4xx in the one error shape.

Text the databases cannot store is refused here, for every JSON endpoint and both engines alike:
PostgreSQL refuses NUL in text and strings that are not valid UTF-8 (a lone surrogate, which
JSON's ``\\ud800`` escape can produce), and SQLite would store the one and fail on the other.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from feedback_api.errors import ApiError

MAX_BODY = 16 * 1024  # bytes; a vote with a 2,000-character comment fits with room to spare
MAX_DEPTH = 20  # nested objects and arrays; our bodies use 2, and deep nesting only costs CPU and stack

# NUL, and UTF-16 surrogates alone (never valid in UTF-8, so never storable).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

M = TypeVar("M", bound=BaseModel)


def _malformed(reason: str) -> ApiError:
    return ApiError(400, "malformed_json", "The body is not valid JSON.", {"reason": reason})


def unstorable_problem(field: str | None, value: str) -> dict | None:
    """The validation problem (as ``validate`` reports them) when ``value`` holds text no database
    stores, else None."""
    found = UNSTORABLE.search(value)
    if found is None:
        return None
    what = "a NUL character" if found.group() == "\x00" else "a lone UTF-16 surrogate (not valid Unicode)"
    return {"field": field, "problem": f"Text must not contain {what}.", "type": "unstorable_character"}


def unstorable_fields(items) -> list[str]:
    """Names of the form fields (``(name, value)`` pairs) whose text no database stores."""
    return [name for name, value in items if isinstance(value, str) and UNSTORABLE.search(name + value)]


def _check_shape(data: Any) -> None:
    """Depth and text of a parsed body, walked without recursion (a deep body must not be able
    to exhaust the stack here either)."""
    problems = []
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise _malformed(f"nested deeper than {MAX_DEPTH} levels")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                sub = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and (p := unstorable_problem(sub, key)):
                    problems.append(p)
                stack.append((item, sub, depth + 1))
        elif isinstance(value, str) and (p := unstorable_problem(path or None, value)):
            problems.append(p)
    if problems:
        raise ApiError(422, "validation_error", "The request body is not valid.", {"errors": problems[:20]})


async def read_json(request: Request, max_bytes: int = MAX_BODY) -> Any:
    ctype = request.headers.get("content-type", "")
    if ctype.split(";", 1)[0].strip().lower() != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.",
                       {"content_type": ctype[:100] or None})
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
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _malformed(str(exc)) from None
    except RecursionError:
        raise _malformed(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # valid syntax the parser still refuses: an integer past Python's digit limit
        raise _malformed(str(exc)[:200]) from None
    _check_shape(data)
    return data


def validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"]) or None, "problem": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise ApiError(422, "validation_error", "The request body is not valid.", {"errors": problems}) from None
