"""/healthz reports the database: 200 when usable, 503 in the error shape when not."""

from __future__ import annotations

from api_helpers import settings_for
from starlette.testclient import TestClient

from feedback_api.app import create_app


def test_healthy(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["build_id"] == "build-1"


def test_database_down_is_503(site_dir):
    app = create_app(settings_for("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2", site_dir))
    with TestClient(app) as client:
        r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["error"]["code"] == "database_unavailable"


def test_unmigrated_database_is_503(sqlite_url, site_dir):
    with TestClient(create_app(settings_for(sqlite_url, site_dir))) as client:
        r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["error"]["code"] == "database_not_migrated"
