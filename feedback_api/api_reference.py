"""The route index of docs/api.md, generated from the live OpenAPI description.

``python -m feedback_api.api_reference --write`` refreshes the block between the markers in
docs/api.md; a test fails when it is stale, so the reference can never miss a route.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

START, END = "<!-- routes:start -->", "<!-- routes:end -->"
DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def spec() -> dict:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's notice about httpx2 for its TestClient
        from starlette.testclient import TestClient

    from feedback_api.app import create_app
    from feedback_api.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        (site / "manifest.json").write_text(json.dumps({"version": 1, "build_id": "doc", "pages": []}), encoding="utf-8")
        settings = Settings.from_env({
            "KB_ENV": "development", "KB_SITE_DIR": str(site), "KB_DATABASE_URL": f"sqlite:///{tmp}/doc.sqlite3",
        })
        with TestClient(create_app(settings)) as client:
            return client.get("/api/v1/openapi.json").json()


def render() -> str:
    rows = ["| method | path | what it does |", "|---|---|---|"]
    for path, ops in sorted(spec()["paths"].items()):
        for method, op in sorted(ops.items()):
            if method.startswith("x-") or method == "parameters":
                continue
            rows.append(f"| `{method.upper()}` | `{path}` | {op.get('summary', '').replace('|', '/')} |")
    return "\n".join([START, *rows, END])


def refreshed(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + render() + tail


if __name__ == "__main__":
    current = DOC.read_text(encoding="utf-8")
    if "--write" in sys.argv:
        DOC.write_text(refreshed(current), encoding="utf-8")
    else:
        print(render())
