"""The systemd unit in docs/deployment.md is one systemd accepts, and it starts `kb serve` with options
and settings that exist."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedback_api.cli import serve
from feedback_api.settings import SETTINGS

DOC = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"
KB_BIN = Path(sys.executable).with_name("kb")


def unit_text() -> str:
    m = re.search(r"```ini\n# /etc/systemd/system/kb\.service\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert m, "docs/deployment.md has a systemd unit for kb.service"
    return m.group(1)


def test_unit_starts_kb_serve_with_known_options_and_settings():
    text = unit_text()
    exec_start = re.search(r"^ExecStart=(.*)$", text, re.M).group(1)
    program, *args = shlex.split(exec_start)
    assert program.endswith("/bin/kb") and args[0] == "serve"
    serve.make_context("serve", args[1:])  # raises on an option `kb serve` does not have
    known = {s.name for s in SETTINGS}
    names = [pair.split("=", 1)[0] for line in re.findall(r"^Environment=(.*)$", text, re.M) for pair in shlex.split(line)]
    assert names and set(names) <= known
    assert "KB_ENV=production" in text  # kb serve would otherwise start without a secret key


def test_systemd_accepts_the_unit(tmp_path):
    if shutil.which("systemd-analyze") is None:
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)("systemd-analyze is not installed (Debian: systemd)")
    # The executable must exist for systemd to accept the unit: point it at this checkout's kb.
    text = re.sub(r"^ExecStart=\S+", f"ExecStart={KB_BIN}", unit_text(), flags=re.M)
    text = text.replace("EnvironmentFile=/etc/kb/kb.env", f"EnvironmentFile={tmp_path / 'kb.env'}")
    (tmp_path / "kb.env").write_text("KB_SECRET_KEY=x\n", encoding="utf-8")
    unit = tmp_path / "kb.service"
    unit.write_text(text, encoding="utf-8")
    proc = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "kb.service" not in proc.stderr, proc.stderr
