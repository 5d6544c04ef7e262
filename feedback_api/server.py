"""Running the app under uvicorn, with TCP_NODELAY on every connection.

uvicorn issue #3149: with ``--workers N`` the accepted sockets lose TCP_NODELAY on Linux, and
every keep-alive response then waits on Nagle's algorithm (~40 ms; see shared/MEASURED.md).
``NoDelayHttpToolsProtocol`` sets the flag itself as each connection is made, which fixes any
worker count; ``kb serve`` always uses it.

It also answers the requests the HTTP parser itself refuses (a request line past httptools'
~64 KB, malformed syntax) in the service's one JSON error shape instead of uvicorn's plain text.
The app refuses anything past ``request_limits.MAX_TARGET_BYTES`` itself, well before that.

``run`` exits with status 0 after SIGTERM or SIGINT: uvicorn shuts down cleanly and then raises
the signal again, which would end the process with -15 and make process managers report a crash.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import tempfile

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

APP_FACTORY = "feedback_api.app:create_app"
HTTP_PROTOCOL = "feedback_api.server:NoDelayHttpToolsProtocol"


def set_nodelay(transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is None:
        return
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except (OSError, AttributeError):  # not TCP (a Unix socket): nothing to fix
        pass


BAD_REQUEST_BODY = json.dumps({"error": {
    "code": "bad_request", "message": "The HTTP request could not be read (malformed, or a request line or "
    "headers longer than the server accepts).", "details": {}}}).encode()


class HeadWithBody:
    """The connection's transport, writing a response's head together with the body that follows.

    uvicorn writes the status line and headers, then the body, as two writes: with TCP_NODELAY
    two send() calls and two packets per response. The kernel's work for the first was 6% of a
    search request's CPU under load (py-spy, bench/search_speed.py), so a head is held back and
    written with the next write. Nothing waits on it: a head with no write after it in the same
    turn of the event loop (a streamed body, 100 Continue) goes out at the end of that turn, and
    before a close. Bytes keep their order; everything else is the transport's own."""

    def __init__(self, transport, loop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data) -> None:
        if self._held is not None:
            data, self._held = self._held + data, None
        elif data[:5] == b"HTTP/" and data[-4:] == b"\r\n\r\n":
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._transport.write(held)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str):
        return getattr(self._transport, name)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(HeadWithBody(transport, self.loop))

    def send_400_response(self, msg: str) -> None:  # noqa: ARG002 - uvicorn's text is replaced
        self.transport.write(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
            b"content-length: " + str(len(BAD_REQUEST_BODY)).encode() + b"\r\nconnection: close\r\n\r\n"
            + BAD_REQUEST_BODY
        )
        self.transport.close()


def _exit_cleanly(signum, frame) -> None:
    sys.exit(0)


def run(host: str, port: int, workers: int = 1, log_level: str = "info", access_log: bool = False,
        trusted_proxies: tuple[str, ...] = ()) -> None:
    """``trusted_proxies``: only connections from these addresses or networks may set the client
    address (``X-Forwarded-For``) and scheme (``X-Forwarded-Proto``); empty trusts nobody.

    Always passed explicitly: left unset, uvicorn trusts 127.0.0.1, or whatever its own
    FORWARDED_ALLOW_IPS variable says (``*`` lets every client pick its address for the rate limiter).
    """
    import uvicorn

    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Must be set before the workers import prometheus_client, so /metrics sums all of them.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kb-metrics-")
    # uvicorn restores these handlers after its graceful shutdown, then re-raises the signal it got.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=HTTP_PROTOCOL,
        loop="auto",
        log_level=log_level,
        access_log=access_log,
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies),
    )
