"""The feature contract (feedback_api/features.py): what a feature declares is what the app gets."""

from __future__ import annotations

import textwrap
from importlib.metadata import entry_points

import pytest
from api_helpers import settings_for
from starlette.testclient import TestClient

from feedback_api import features
from feedback_api.app import create_app
from feedback_api.storage.base import Base
from feedback_api.storage.engine import upgrade
from feedback_api.storage.tables import feature_metadata

# A feature as a newcomer would add one: a package declaring FEATURE, listed after the others.
EXTRA = '''
import contextlib

from starlette.responses import PlainTextResponse
from starlette.routing import Route

from feedback_api.features import Feature, Parts

EVENTS = []


def _build(settings, deps):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        EVENTS.append("start")
        yield
        EVENTS.append("stop")

    async def hello(request):
        return PlainTextResponse("hello")

    async def report(request):
        return PlainTextResponse("report at " + request.url.path)

    return Parts(routes=[Route("/hello", hello)], admin_routes=[Route("/report", report)], lifespan=lifespan)


FEATURE = Feature(name="extra", tables=lambda: [], build=_build)
'''


@pytest.fixture
def extra_feature(tmp_path, monkeypatch):
    (tmp_path / "kb_extra_feature.py").write_text(textwrap.dedent(EXTRA))
    monkeypatch.syspath_prepend(str(tmp_path))
    import kb_extra_feature

    yield kb_extra_feature
    monkeypatch.delitem(__import__("sys").modules, "kb_extra_feature")


def test_an_added_feature_gets_its_routes_its_admin_pages_and_its_lifespan(extra_feature, sqlite_url, site_dir):
    upgrade(sqlite_url)
    app = create_app(settings_for(sqlite_url, site_dir), feature_paths=(*features.FEATURES, "kb_extra_feature"))
    with TestClient(app) as client:
        assert extra_feature.EVENTS == ["start"]
        assert client.get("/hello").text == "hello"
        # Inside the one /admin mount, beside the staff pages (which still answer).
        assert client.get("/admin/report").text == "report at /admin/report"
        assert client.get("/admin/login").status_code == 200
        review = client.get("/admin/review", follow_redirects=False)  # another feature's admin page
        assert (review.status_code, review.headers["location"]) == (303, "/admin/login?next=%2Fadmin%2Freview")
    assert extra_feature.EVENTS == ["start", "stop"]


def test_a_package_without_a_feature_declaration_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "kb_not_a_feature.py").write_text("def routes(settings, deps):\n    return []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(TypeError, match="kb_not_a_feature declares no FEATURE"):
        features.load(("kb_not_a_feature",))


def test_every_mapped_table_is_declared_by_a_feature():
    """A model no feature declares would be missing from Alembic's metadata, and autogenerate
    would propose dropping its table."""
    for feature in features.load():
        feature.tables()  # imports every feature's models onto Base.metadata
    assert set(Base.metadata.tables) == set(feature_metadata().tables)


def test_every_kb_command_of_the_service_belongs_to_one_feature():
    service = {ep.name for ep in entry_points(group="kb.commands") if ep.value.startswith("feedback_api.")}
    declared = [name for feature in features.load() for name in feature.commands]
    assert sorted(declared) == sorted(service)

