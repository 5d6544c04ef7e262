"""The layering rules of docs/architecture.md hold over the real import graph of both packages."""

from __future__ import annotations

import graphlib
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADAPTERS = {"generator.mkdocs_plugin", "generator.cli"}  # the only parts of the generator that may import MkDocs


def test_import_contracts_in_pyproject_are_kept():
    # generator never imports feedback_api; the generator's core never imports mkdocs or material;
    # feedback_api.staff never imports feedback_api.contrib. Indirect imports count too. Only
    # generator.search.store imports whoosh.
    run = subprocess.run([BIN / "lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout


def test_the_core_contract_names_every_part_of_the_generator_but_the_adapters():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    core = next(c for c in contracts if c["id"] == "core-without-mkdocs")
    graph = grimp.build_graph("generator", include_external_packages=True)
    assert set(core["source_modules"]) == {m for m in graph.find_children("generator") if m.startswith("generator.")} - ADAPTERS
    # The package's own __init__ is core too, and is not covered by the contract's packages.
    assert not any(m.split(".")[0] in ("mkdocs", "material") for m in _direct(graph, "generator"))


def test_no_two_modules_import_each_other():
    graph = grimp.build_graph("generator", "feedback_api")
    order = graphlib.TopologicalSorter({m: _direct(graph, m) & graph.modules for m in graph.modules})
    try:
        order.prepare()
    except graphlib.CycleError as exc:
        raise AssertionError("import cycle: " + " -> ".join(exc.args[1])) from None


def test_kb_check_does_not_load_the_service():
    # The sample help center; `kb check` only reads it.
    run = subprocess.run([sys.executable, "-X", "importtime", BIN / "kb", "check", "--kb", ROOT / "kb"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and ": 0 errors" in run.stderr, run.stdout + run.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert not {m for m in imported if m.split(".")[0] in ("sqlalchemy", "starlette", "feedback_api")}


def test_a_package_adds_a_kb_command_through_an_entry_point(tmp_path):
    # A separately installed package: a module and the dist-info that registers its command.
    (tmp_path / "kb_hello.py").write_text(textwrap.dedent('''
        import click

        @click.command("hello")
        def hello():
            """Say hello from another package."""
            click.echo("hello from an entry point")
    '''), encoding="utf-8")
    info = tmp_path / "kb_hello-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kb-hello\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[kb.commands]\nhello = kb_hello:hello\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    listed = subprocess.run([BIN / "kb", "--help"], capture_output=True, text=True, env=env)
    assert "hello" in listed.stdout and "Say hello from another package." in listed.stdout, listed.stdout + listed.stderr
    for service_command in ("serve", "db", "admin", "submissions"):  # the service's, registered the same way
        assert f"\n  {service_command} " in listed.stdout
    ran = subprocess.run([BIN / "kb", "hello"], capture_output=True, text=True, env=env)
    assert ran.returncode == 0 and ran.stdout == "hello from an entry point\n", ran.stdout + ran.stderr


def _direct(graph: grimp.ImportGraph, module: str) -> set[str]:
    return graph.find_modules_directly_imported_by(module)
