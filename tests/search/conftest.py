"""A small bilingual content folder, built once per session into a site with a search index."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.content import load
from generator.search import Searcher, build_index

# --import-mode=importlib leaves sys.path alone; the tests import their helpers by plain name.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_helpers import write_kb  # noqa: E402


@pytest.fixture(scope="session")
def kb_dir(tmp_path_factory) -> Path:
    return write_kb(tmp_path_factory.mktemp("kb"))


@pytest.fixture(scope="session")
def content(kb_dir):
    return load(kb_dir)


@pytest.fixture(scope="session")
def site(tmp_path_factory, content) -> Path:
    site = tmp_path_factory.mktemp("site")
    build_index(content, site)
    return site


@pytest.fixture(scope="session")
def searcher(site) -> Searcher:
    return Searcher(site)
