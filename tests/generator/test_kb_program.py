"""`kb` run as a program (the console script, generator.cli:run): `kb build` ends its process
without the interpreter's teardown, so what it printed must be flushed and its exit status kept.
(A successful build's log and status: tests/generator/test_incremental_build.py runs `kb build`.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

KB = Path(sys.executable).parent / "kb"


def kb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KB), *args], capture_output=True, text=True, timeout=120)


def test_a_failed_build_exits_with_1_and_says_why(tmp_path: Path):
    proc = kb("build", "--kb", str(tmp_path / "missing"), "--site-dir", str(tmp_path / "site"))
    assert proc.returncode == 1
    assert f"content folder '{tmp_path / 'missing'}' does not exist" in proc.stderr
    assert not (tmp_path / "site").exists()


def test_output_to_a_pipe_is_written_whole(tmp_path: Path):
    # stdout to a pipe is block-buffered: without the flush the help would be cut off or empty
    proc = kb("build", "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: kb build")
    assert proc.stdout.rstrip().endswith("Show this message and exit.")


def test_a_usage_error_exits_with_2():
    proc = kb("build", "--no-such-option")
    assert proc.returncode == 2
    assert "No such option '--no-such-option'" in proc.stderr
