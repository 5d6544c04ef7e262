"""A TCP proxy in front of the real PostgreSQL server whose behaviour a test switches:

* ``forward``: a plain pipe to 127.0.0.1:5432;
* ``silent``: accepts connections and never answers (a hung server or a black-holed network);
* ``closed``: nothing listens on the port (connection refused).

Leaving ``forward`` cuts the connections in flight, as a server restart would.
"""

from __future__ import annotations

import socket
import threading


class DbProxy:
    def __init__(self, upstream=("127.0.0.1", 5432)) -> None:
        self.upstream = upstream
        self.mode = "forward"
        self.accepted = 0  # connections accepted so far, in any mode
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = self._listen(0)
        self.port = self._listener.getsockname()[1]

    def _listen(self, port: int) -> socket.socket:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
        threading.Thread(target=self._accept, args=(sock,), daemon=True).start()
        return sock

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def set(self, mode: str) -> None:
        with self._lock:
            previous, self.mode = self.mode, mode
            for s in self._sockets:  # cut every connection in flight
                _close(s)
            self._sockets.clear()
            if mode == "closed" and previous != "closed":
                _close(self._listener)
            elif mode != "closed" and previous == "closed":
                self._listener = self._listen(self.port)

    def close(self) -> None:
        self.set("closed")

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed
            with self._lock:
                self.accepted += 1
                self._sockets.append(client)
                if self.mode == "silent":
                    continue  # accepted, never answered
                try:
                    server = socket.create_connection(self.upstream)
                except OSError:
                    _close(client)
                    continue
                self._sockets.append(server)
            threading.Thread(target=_pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=_pipe, args=(server, client), daemon=True).start()


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    _close(src)
    _close(dst)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
