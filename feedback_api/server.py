"""Running the app under uvicorn, with TCP_NODELAY on every connection.

uvicorn issue #3149: with ``--workers N`` the accepted sockets lose TCP_NODELAY on Linux, and
every keep-alive response then waits on Nagle's algorithm (~40 ms; see shared/MEASURED.md).
``NoDelayHttpToolsProtocol`` sets the flag itself as each connection is made, which fixes any
worker count; ``kb serve`` always uses it.
"""

from __future__ import annotations

import os
import socket
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


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


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
