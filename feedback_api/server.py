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


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)

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
