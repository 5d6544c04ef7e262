"""`kb serve` as a real process: a clean stop on SIGTERM, and every error the HTTP server layer
produces in the service's JSON error shape."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

KB = Path(sys.executable).parent / "kb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def kb_serve(tmp_path, site_dir):
    port = free_port()
    proc = subprocess.Popen(
        [str(KB), "serve", "--port", str(port), "--site-dir", str(site_dir),
         "--database-url", f"sqlite:///{tmp_path / 'kb.sqlite3'}", "--log-level", "warning"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"kb serve did not start: {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.2)
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def raw_request(port: int, target: bytes) -> tuple[int, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_sigterm_stops_kb_serve_with_status_0(kb_serve):
    proc, _port = kb_serve
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0


@pytest.mark.parametrize(("length", "status", "code"), [
    (9_000, 414, "uri_too_long"),  # over the app's limit: refused by the app
    (70_000, 400, "bad_request"),  # over what the HTTP parser reads: refused by the server layer
])
def test_long_request_lines_answer_in_the_error_shape(kb_serve, length, status, code):
    _proc, port = kb_serve
    got, headers, body = raw_request(port, b"/api/v1/search?q=" + b"a" * length)
    assert got == status
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["error"]["code"] == code


def test_a_responses_head_goes_out_with_its_body_and_nothing_is_held_past_a_turn(kb_serve):
    """HeadWithBody: head and body in one write, bytes in order, a lone head (a streamed body,
    100 Continue) written at the end of the event loop's turn, and before a close."""
    import asyncio

    from feedback_api.server import HeadWithBody

    class Recorder:
        def __init__(self):
            self.writes: list[bytes] = []
            self.closed = False

        def write(self, data):
            self.writes.append(bytes(data))

        def close(self):
            self.closed = True

        def is_closing(self):
            return self.closed

    async def scenario():
        t = Recorder()
        w = HeadWithBody(t, asyncio.get_running_loop())
        w.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        w.write(b"{}")
        assert t.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
        w.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        assert t.writes[1:] == []
        await asyncio.sleep(0)
        assert t.writes[1:] == [b"HTTP/1.1 100 Continue\r\n\r\n"]
        w.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        w.close()
        assert t.writes[2:] == [b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"] and t.closed
        assert w.is_closing()

    asyncio.run(scenario())
    # and through the real server, keep-alive: two answers on one connection, each whole
    proc, port = kb_serve
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        for _ in range(2):
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < int(
                    data.lower().split(b"content-length: ")[1].split(b"\r\n")[0]):
                data += sock.recv(65536)
            assert data.startswith(b"HTTP/1.1 200")
