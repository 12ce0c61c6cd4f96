"""Serving the WSGI app: a threaded stdlib HTTP server, foreground or in a daemon thread.

The standard library's server is enough for a read-only view used by a few
people and feed readers, needs no extra dependency, and runs beside the
daemon's event loop like the health server does. Requests are logged at debug
level; the server time of each is in the ``Server-Timing`` header.
"""

from __future__ import annotations

import logging
import socket
import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

log = logging.getLogger(__name__)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def get_stderr(self) -> Any:  # wsgiref prints tracebacks there; the app logs its own
        import io

        return io.StringIO()


class WebServer:
    """Binds at construction (OSError if the port is taken); ``start()`` serves in a thread."""

    def __init__(self, addr: tuple[str, int], app: Any) -> None:
        family = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
        server_class = type("_BoundServer", (_Server,), {"address_family": family})
        self._httpd = server_class(addr, _Handler)
        self._httpd.set_app(app)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"

    def start(self) -> WebServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="web-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()
