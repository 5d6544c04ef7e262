"""The OpenAPI 3.1 document, generated from the app's real routes.

Operations come from each endpoint's YAML docstring (starlette.schemas.SchemaGenerator), so a
route cannot exist without being described: a test compares the app's routes with the document.
Routes that are not API (site files, staff HTML pages) set ``include_in_schema=False``.
Body schemas come from the pydantic models that validate the requests.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.schemas import SchemaGenerator

from feedback_api.api.models import MODELS

REF = "#/components/schemas/{model}"


def components(models: tuple[type[BaseModel], ...] = MODELS) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF, mode="validation")
        schemas.update(schema.pop("$defs", {}))
        schemas[schema["title"]] = schema
    return {
        "schemas": schemas,
        "responses": {
            "Error": {
                "description": "Any error, in the one error shape",
                "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
            }
        },
    }


def build(routes: list, version: str = "1") -> dict[str, Any]:
    generator = SchemaGenerator(
        {
            "openapi": "3.1.0",
            "info": {"title": "Help center feedback API", "version": version},
            "components": components(),
        }
    )
    return generator.get_schema(routes)


async def openapi_endpoint(request: Request) -> JSONResponse:
    """
    summary: This document
    tags: [service]
    responses:
      "200":
        description: OpenAPI 3.1 description of every API route
        content:
          application/json:
            schema: {type: object}
    """
    spec = request.app.state.openapi
    if spec is None:  # built on first use: every feature's routes are in place by then
        spec = request.app.state.openapi = build(request.app.routes)
    return JSONResponse(spec)
