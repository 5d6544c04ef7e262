"""GET /healthz: the database answers and is migrated; the manifest's build id."""

from __future__ import annotations

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from feedback_api.errors import error_response
from feedback_api.storage.engine import current_revision, head_revision


async def healthz(request: Request) -> JSONResponse:
    """
    summary: Liveness and database check
    tags: [service]
    responses:
      "200":
        description: The service and its database are up
        content:
          application/json:
            schema:
              type: object
              required: [status, database, revision, build_id]
              properties:
                status: {type: string, enum: [ok]}
                database: {type: string}
                revision: {type: [string, "null"]}
                build_id: {type: [string, "null"]}
      "503": {$ref: "#/components/responses/Error"}
    """
    deps = request.app.state.deps

    def probe(conn):
        conn.execute(text("SELECT 1"))
        return current_revision(conn)

    try:
        revision = await deps.db.read(probe)
    except Exception as exc:  # any failure to reach the database is "down", whatever its class
        return error_response(503, "database_unavailable", "The database is not reachable.",
                              {"error": exc.__class__.__name__})
    head = head_revision()
    if revision != head:
        return error_response(503, "database_not_migrated", "The database schema is not up to date: run `kb db upgrade`.",
                              {"revision": revision, "expected": head})
    return JSONResponse({"status": "ok", "database": deps.db.engine.dialect.name, "revision": revision,
                         "build_id": deps.manifest.build_id})
