"""A real HTTP receiver on 127.0.0.1 for tests: scripted answers, every request recorded.

``WebhookSink(responses=[500, 500, 500, 200])`` answers the first four POSTs with
those statuses, then ``default`` (200). A response can also be
``(status, {"Retry-After": "5"}, b"body")``. ``hold`` (a threading.Event) makes
the handler record the request and then wait for the event before answering,
so a test can kill the sender between "received" and "answered".
``certs`` (tests/smtp_sink.make_certificates) serves HTTPS.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Response = int | tuple[int, Mapping[str, str], bytes]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    received_at: float

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class WebhookSink:
    def __init__(
        self,
        responses: Iterable[Response] = (),
        *,
        default: Response = 200,
        hold: threading.Event | None = None,
        delay: float = 0.0,
        certs: Any = None,
    ) -> None:
        self.script: list[Response] = list(responses)
        self.default = default
        self.hold = hold
        self.delay = delay
        self.requests: list[Request] = []
        self.answered: list[int] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # or every answer waits 40 ms for a delayed ACK

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with sink.lock:
                    sink.requests.append(
                        Request("POST", self.path, dict(self.headers.items()), body, time.time())
                    )
                    response = sink.script.pop(0) if sink.script else sink.default
                if sink.hold is not None:
                    sink.hold.wait()
                if sink.delay:
                    time.sleep(sink.delay)
                status, headers, payload = (
                    (response, {}, b'{"ok":true}' if response < 300 else b'{"error":"scripted"}')
                    if isinstance(response, int)
                    else response
                )
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    return
                with sink.lock:
                    sink.answered.append(status)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if certs is not None:
            self.server.socket = certs.server_context().wrap_socket(
                self.server.socket, server_side=True
            )
        self.scheme = "https" if certs is not None else "http"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{self.scheme}://{host}:{port}/hook"

    def start(self) -> WebhookSink:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Request]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.requests)

    def __enter__(self) -> WebhookSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
