"""Helpers for the deployment tests (imported by plain name, like api_helpers): running
`kb` and `kb serve`, free ports, waiting for a process to answer."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
KB_BIN = str(Path(sys.executable).with_name("kb"))
SECRET_KEY = "deployment-test-secret-key-0123456789"
STAFF_EMAIL = "staff@example.com"
PASSWORD = "correct horse battery staple"
# Writes per client address and day: small, so a test can reach it, and per day, so the window
# does not roll over mid-test. Each test client leaves from a loopback address of its own.
RATE_LIMIT = 5
PROXY_ADDRESS = "127.0.0.1"  # where nginx's connections to the instances come from


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kb(*args: str, env: dict, input: str | None = None) -> str:
    proc = subprocess.run([KB_BIN, *args], cwd=ROOT, env=env, input=input, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"kb {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def wait_for(url: str, proc: subprocess.Popen, log: Path, what: str, timeout: float = 90, **client) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2, **client) as http:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"{what} exited early ({proc.returncode}):\n{_tail(log)}")
            try:
                if http.get(url).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    pytest.fail(f"{what} did not answer {url} within {timeout}s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-5000:] if log.exists() else f"(no {log})"


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
