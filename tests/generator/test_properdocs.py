"""The sample help center builds the same with ProperDocs as with MkDocs.

MkDocs 1.6.1 is the last 1.x release and Material reaches end of life on 5 May 2027; ProperDocs is
the maintained fork that runs the same plugins from the same `mkdocs.plugins` entry points and
reads mkdocs.yml. The pages, manifest, search index and static search must come out the same, so
a team can switch by changing one command.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import whoosh.index

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The one line that names the engine that built the page.
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')

pytestmark = pytest.mark.slow


def _build(command: list[str], site: Path) -> None:
    # Other tests run `kb` in this process, which passes its options to the plugin in the
    # environment; both builds here must see the sample's own configuration only.
    env = {k: v for k, v in os.environ.items() if k != "KB_PLUGIN_OPTIONS"}
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{command[0]} failed:\n{proc.stdout}\n{proc.stderr}"
    assert (site / "manifest.json").is_file()


def _pages(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): GENERATOR_META.sub(b"", p.read_bytes())
            for p in site.rglob("*.html")}


def _manifest(site: Path) -> list[dict]:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))["pages"]


def _search_index(site: Path) -> list[dict]:
    live = (site / ".search" / "CURRENT").read_text(encoding="utf-8").strip()
    ix = whoosh.index.open_dir(str(site / ".search" / live))
    with ix.searcher() as s:
        return sorted((dict(f) for f in s.all_stored_fields()), key=lambda d: json.dumps(d, sort_keys=True, default=str))


def _static_index(site: Path) -> dict[str, bytes]:
    root = site / "static-search"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site(tmp_path: Path):
    properdocs = shutil.which("properdocs", path=str(BIN))
    assert properdocs, "properdocs is a test dependency (pyproject.toml [test])"
    with_mkdocs, with_properdocs = tmp_path / "mkdocs", tmp_path / "properdocs"
    _build([str(BIN / "kb"), "build", "--site-dir", str(with_mkdocs), "-q"], with_mkdocs)
    _build([properdocs, "build", "-q", "-f", "mkdocs.yml", "-d", str(with_properdocs)], with_properdocs)

    ours, theirs = _pages(with_mkdocs), _pages(with_properdocs)
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 50
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == [], f"pages differ beyond the generator line: {different[:5]}"
    assert _manifest(with_mkdocs) == _manifest(with_properdocs)
    assert _search_index(with_mkdocs) == _search_index(with_properdocs)
    assert _static_index(with_mkdocs) == _static_index(with_properdocs)
