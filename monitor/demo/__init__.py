"""An offline tour of noticewatch on a fictional platform's European Regional Privacy Notice.

A local HTTP server on 127.0.0.1 serves "Weavelink"'s notice; the demo crawls
version 1, switches the page to version 2 (a banner announcing that from
3 November 2025 it relies on legitimate interests to train AI models, with an
opt-out), then to version 3 (the change in effect: a table row with the purpose,
the basis, the data used and the opt-out), then to version 4 (a typo fix and
markup only), recrawling each time, and prints the history and the alerts it
would send for versions 2 and 3. Every fetch carries fresh noise (script nonces,
session tokens, a generation timestamp) that must not count as a change.
"""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

NOTICE_PATH = "/legal/privacy/eu"
VERSIONS = ("notice_v1.html", "notice_v2.html", "notice_v3.html", "notice_v4.html")


def notice_html(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


class DemoSite:
    """A tiny web server whose privacy notice can be switched between versions."""

    def __init__(self) -> None:
        self._template = notice_html(VERSIONS[0])
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
                elif self.path == NOTICE_PATH:
                    self._send(200, site.render().encode("utf-8"), "text/html; charset=utf-8")
                else:
                    self._send(404, b"not found", "text/plain")

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{NOTICE_PATH}"

    def publish(self, name: str) -> None:
        with self._lock:
            self._template = notice_html(name)

    def render(self) -> str:
        """The current version with fresh per-request noise, as real sites do."""
        with self._lock:
            template = self._template
        return (
            template.replace("{{nonce}}", secrets.token_hex(8))
            .replace("{{session}}", secrets.token_urlsafe(16))
            .replace("{{now}}", datetime.now(UTC).isoformat(timespec="seconds"))
        )

    def __enter__(self) -> DemoSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
