"""The OpenAPI document describes exactly the routes the app has."""

from __future__ import annotations

from starlette.routing import Mount, Route

from feedback_api.app import API_PREFIX


def app_operations(app) -> set[tuple[str, str]]:
    ops = set()

    def walk(routes, prefix=""):
        for route in routes:
            if isinstance(route, Mount) and route.routes:
                walk(route.routes, prefix + route.path)
            elif isinstance(route, Route) and route.include_in_schema:
                path = (prefix + route.path).replace(":path}", "}")
                ops.update((path, m.lower()) for m in route.methods if m != "HEAD")

    walk(app.routes)
    return ops


def test_every_route_is_in_the_spec_and_nothing_else(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    in_spec = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert in_spec == app_operations(client.app)
    # Every route under the API prefix is described: only the JSON 404 catch-all is exempt.
    hidden = [r.path for r in client.app.routes if isinstance(r, Route) and not r.include_in_schema
              and r.path.startswith(API_PREFIX)]
    assert hidden == []


def test_core_operations_have_schemas(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/v1/votes", "/api/v1/articles/{id}/summary", "/healthz", "/metrics", "/api/v1/openapi.json"):
        assert path in paths
    post = paths["/api/v1/votes"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/VoteRequest"
    assert {"200", "201", "400", "404", "413", "415", "422", "429"} <= set(post["responses"])
    schemas = spec["components"]["schemas"]
    assert schemas["VoteRequest"]["required"] == ["article_id", "helpful", "visitor"]
    assert set(schemas["ArticleSummary"]["required"]) == {"article_id", "helpful", "not_helpful", "total", "score"}
    assert set(schemas["Error"]["properties"]) == {"error"}
    summary = paths["/api/v1/articles/{id}/summary"]["get"]
    assert summary["parameters"][0]["name"] == "id"


def test_responses_match_the_documented_models(client):
    from feedback_api.api.models import ErrorOut, SummaryOut

    ok = client.post("/api/v1/votes", json={"article_id": "getting-started", "helpful": True,
                                            "visitor": "visitor-token-0001"})
    SummaryOut.model_validate(ok.json(), strict=True)
    SummaryOut.model_validate(client.get("/api/v1/articles/getting-started/summary").json(), strict=True)
    ErrorOut.model_validate(client.get("/api/v1/articles/nope/summary").json(), strict=True)
