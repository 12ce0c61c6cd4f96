"""``/healthz``, ``/readyz`` and ``/metrics`` over HTTP, served from a thread of their own.

The server runs beside the event loop, not on it, so it can tell when the loop
is stuck: the daemon ticks a heartbeat on its loop every second, and
``/healthz`` (liveness) fails once the heartbeat is older than
``stall_seconds``. ``/readyz`` (readiness) asks the daemon: database reached
recently and scheduler running. Neither probe touches the database itself: a
dead database makes probes fail fast instead of hanging on a connect timeout.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_HEALTH_ADDR = "127.0.0.1:9108"
#: Liveness fails when the event loop has not ticked for this long.
DEFAULT_STALL_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    checks: dict[str, Any]


def parse_addr(text: str) -> tuple[str, int] | None:
    """``HOST:PORT`` (``[::1]:9108`` for IPv6) -> (host, port); ``off`` or empty -> None."""
    text = text.strip()
    if text.lower() in {"", "off", "none", "no"}:
        return None
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{text!r} is not HOST:PORT (e.g. 127.0.0.1:9108), or 'off'")
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)


class HealthServer:
    """A small threaded HTTP server; ``start()`` binds (raising OSError if it cannot)."""

    def __init__(
        self,
        addr: tuple[str, int],
        *,
        metrics: Callable[[], tuple[bytes, str]],
        readiness: Callable[[], Readiness],
        heartbeat: Callable[[], float],
        stall_seconds: float = DEFAULT_STALL_SECONDS,
    ) -> None:
        self.metrics = metrics
        self.readiness = readiness
        self.heartbeat = heartbeat
        self.stall_seconds = stall_seconds
        family = _family(addr[0])
        server_class = type("_Server", (_Server,), {"address_family": family})
        self._httpd: _Server = server_class(addr, _Handler, bind_and_activate=True)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="health-http",
            daemon=True,
        )

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> HealthServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # ------------------------------------------------------------------ answers

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/healthz":
            age = time.monotonic() - self.heartbeat()
            if age > self.stall_seconds:
                return (
                    503,
                    "text/plain; charset=utf-8",
                    f"event loop stalled for {age:.0f} s\n".encode(),
                )
            return 200, "text/plain; charset=utf-8", b"ok\n"
        if path == "/readyz":
            state = self.readiness()
            body = json.dumps({"ready": state.ready, **state.checks}, default=str, indent=1)
            return (200 if state.ready else 503), "application/json", body.encode() + b"\n"
        if path == "/metrics":
            body, content_type = self.metrics()
            return 200, content_type, body
        if path == "/":
            return (
                200,
                "text/plain; charset=utf-8",
                b"noticewatch daemon: /healthz /readyz /metrics\n",
            )
        return 404, "text/plain; charset=utf-8", b"not found\n"


def _family(host: str) -> Any:
    import socket

    return socket.AF_INET6 if ":" in host else socket.AF_INET


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: HealthServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._reply(head=False)

    def do_HEAD(self) -> None:
        self._reply(head=True)

    def _reply(self, *, head: bool) -> None:
        path = self.path.split("?", 1)[0]
        try:
            status, content_type, body = self.server.owner.answer(path)
        except Exception as exc:  # a probe must answer, never hang
            log.exception("health endpoint %s failed", path)
            status, content_type, body = 500, "text/plain", f"error: {exc}\n".encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # probes every few seconds would drown the daemon's log
