"""Helpers for the hostile sets (imported by plain name, like api_helpers)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOUND = 10.0  # seconds any hostile request may take, on a shared 2-core machine
ARTICLE_ID = "kb-hgw6x72n"  # in the manifest (contrib_helpers.pages)


def load_cases(filename: str):
    """Loads a case module by path under a private name (``requests.py`` must not shadow the
    requests library on sys.path)."""
    name = "hostile_" + filename.removesuffix(".py")
    spec = importlib.util.spec_from_file_location(name, HERE / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
