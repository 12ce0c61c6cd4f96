"""Test helpers: a real local HTTP server, and a Twisted reactor for in-process crawls.

``NoticeServer`` is a threaded HTTP/1.1 server on 127.0.0.1 (a free port) whose
routes tests change while it runs: bodies, statuses, headers, validators (with
real 304 answers), delays, redirects, robots.txt, failures that heal after n
requests. It logs every request it receives (path, headers, whether it arrived
as a proxy request with an absolute URI) so tests assert on what the crawler
really sent. It also answers proxy-style requests (``GET http://host/path``) by
serving the path, so a target's ``proxy`` can point at it.

``ReactorThread`` runs Twisted's asyncio reactor in a daemon thread for the whole
test session: a reactor runs once per process, so in-process crawl tests submit
their coroutines to this one instead of starting their own.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

HeaderItems = Mapping[str, str] | Sequence[tuple[str, str]]


class Headers(Mapping[str, str]):
    """Request headers as received: case-insensitive names, every value kept."""

    def __init__(self, items: Sequence[tuple[str, str]]) -> None:
        self._items = tuple(items)
        self._first: dict[str, str] = {}
        for name, value in self._items:
            self._first.setdefault(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return self._first[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def get_all(self, name: str) -> list[str]:
        return [v for k, v in self._items if k.lower() == name.lower()]

    def __repr__(self) -> str:
        return f"Headers({list(self._items)!r})"


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the server saw it."""

    method: str
    #: The path only (no query), also for proxy requests.
    path: str
    query: str
    #: The request-target exactly as sent: "/path?q" or, through a proxy, "http://host/path?q".
    target: str
    headers: Headers
    body: bytes
    at: float = field(default_factory=time.monotonic)
    #: Requests being answered when this one arrived (itself included).
    in_flight: int = 1
    #: The client's (address, port): one per TCP connection, so tests can tell reuse.
    client: tuple[str, int] = ("", 0)

    @property
    def proxied(self) -> bool:
        """Sent to us as to a proxy (absolute URI in the request line)."""
        return self.target.startswith(("http://", "https://"))

    @property
    def host(self) -> str | None:
        """The host asked for: from the absolute URI, else the Host header."""
        if self.proxied:
            return urlsplit(self.target).netloc
        return self.headers.get("Host")

    @property
    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        for value in self.headers.get_all("Cookie"):
            jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str | None = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    #: False: no Content-Length, the body ends when the connection closes.
    content_length: bool = True
    #: Seconds added to ``delay`` per other request being answered at arrival: a server
    #: whose latency grows with its load.
    delay_per_in_flight: float = 0.0


class NoticeServer:
    """A local web site for tests; use as a context manager. Thread-safe."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, Route] = {}
        self._failures: dict[str, tuple[int, int, bytes, tuple[tuple[str, str], ...]]] = {}
        self._log: list[ReceivedRequest] = []
        self._in_flight = 0
        #: The most requests this server was answering at once.
        self.max_in_flight = 0
        self._closing = threading.Event()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="NoticeServer",
            daemon=True,
        )
        self._started = False

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> NoticeServer:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def close(self) -> None:
        self._closing.set()  # wakes delayed answers
        if self._started:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> NoticeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._httpd.server_address[0]}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # ------------------------------------------------------------------ routes

    def set(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        headers: HeaderItems | None = None,
        content_type: str | None = "text/html; charset=utf-8",
        etag: str | None = None,
        last_modified: str | None = None,
        delay: float = 0.0,
        content_length: bool = True,
        delay_per_in_flight: float = 0.0,
    ) -> None:
        """Serve ``body`` at ``path`` (exact path, any query) from now on.

        With ``etag`` / ``last_modified`` the answer carries them, and a request whose
        If-None-Match / If-Modified-Since matches gets a 304 without a body. The answer
        waits ``delay`` seconds, plus ``delay_per_in_flight`` for each other request the
        server was answering when this one arrived.
        """
        if isinstance(body, str):
            body = body.encode("utf-8")
        items = tuple(headers.items()) if isinstance(headers, Mapping) else tuple(headers or ())
        route = Route(
            body,
            status,
            items,
            content_type,
            etag,
            last_modified,
            delay,
            content_length,
            delay_per_in_flight,
        )
        with self._lock:
            self._routes[path] = route

    def redirect(
        self,
        path: str,
        location: str,
        *,
        status: int = 302,
        headers: HeaderItems | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer ``path`` with a redirect to ``location`` (a path or a full URL)."""
        extra = tuple(headers.items()) if isinstance(headers, Mapping) else tuple(headers or ())
        self.set(
            path,
            b"",
            status=status,
            headers=(("Location", location), *extra),
            content_type=None,
            delay=delay,
        )

    def robots(self, text: str) -> None:
        self.set("/robots.txt", text, content_type="text/plain; charset=utf-8")

    def fail_times(
        self,
        path: str,
        n: int,
        status: int = 500,
        body: bytes = b"temporary failure",
        headers: HeaderItems | None = None,
    ) -> None:
        """Answer the next ``n`` requests for ``path`` with ``status`` (and ``headers``,
        e.g. Retry-After), then the route again."""
        items = tuple(headers.items()) if isinstance(headers, Mapping) else tuple(headers or ())
        with self._lock:
            self._failures[path] = (n, status, body, items)

    def remove(self, path: str) -> None:
        with self._lock:
            self._routes.pop(path, None)

    # ------------------------------------------------------------------ request log

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._log)

    def requests_for(self, path: str) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.path == path]

    def count(self, path: str) -> int:
        return len(self.requests_for(path))

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    # ------------------------------------------------------------------ serving

    def _handle(self, handler: _Handler, *, head: bool) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            in_flight = self._in_flight
        try:
            self._answer(handler, head=head, in_flight=in_flight)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _answer(self, handler: _Handler, *, head: bool, in_flight: int) -> None:
        target = handler.path
        parts = urlsplit(target)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        received = ReceivedRequest(
            method=handler.command,
            path=parts.path or "/",
            query=parts.query,
            target=target,
            headers=Headers(list(handler.headers.items())),
            body=body,
            in_flight=in_flight,
            client=tuple(handler.client_address[:2]),
        )
        with self._lock:
            self._log.append(received)
            route = self._routes.get(received.path)
            failure = self._failures.get(received.path)
            if failure is not None and failure[0] > 0:
                self._failures[received.path] = (failure[0] - 1, *failure[1:])
            else:
                failure = None
        if failure is not None:
            _, status, failure_body, extra = failure
            failure_headers = [("Content-Type", "text/plain"), *extra]
            _send(handler, status, failure_headers, failure_body, head=head)
            return
        if route is None:
            _send(handler, 404, [("Content-Type", "text/plain")], b"not found", head=head)
            return
        delay = route.delay + route.delay_per_in_flight * (in_flight - 1)
        if delay and self._closing.wait(delay):
            handler.close_connection = True
            return
        headers = list(route.headers)
        if route.content_type:
            headers.append(("Content-Type", route.content_type))
        if route.etag:
            headers.append(("ETag", route.etag))
        if route.last_modified:
            headers.append(("Last-Modified", route.last_modified))
        if route.status == 200 and _not_modified(route, received.headers):
            validators = [(k, v) for k, v in headers if k.lower() in {"etag", "last-modified"}]
            _send(handler, 304, validators, b"", head=True)
            return
        _send(
            handler,
            route.status,
            headers,
            route.body,
            head=head,
            content_length=route.content_length,
        )


def _not_modified(route: Route, headers: Headers) -> bool:
    if "If-None-Match" in headers:  # takes precedence over If-Modified-Since (RFC 9110)
        if route.etag is None:
            return False
        wanted = {tag.strip().removeprefix("W/") for tag in headers["If-None-Match"].split(",")}
        return "*" in wanted or route.etag.removeprefix("W/") in wanted
    if "If-Modified-Since" in headers and route.last_modified:
        since = headers["If-Modified-Since"]
        if since == route.last_modified:
            return True
        try:
            return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _send(
    handler: _Handler,
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    *,
    head: bool = False,
    content_length: bool = True,
) -> None:
    try:
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        if status == 304:
            pass
        elif content_length:
            handler.send_header("Content-Length", str(len(body)))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        if not head and status != 304:
            handler.wfile.write(body)
        handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        handler.close_connection = True  # the client gave up (timeout, size limit)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 drops connections of a burst (a crawl opening
    # its 8 per host at once): the client's SYN is retried after 1 s, a gap the
    # politeness tests would blame on the crawler.
    request_queue_size = 64
    owner: NoticeServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return  # clients that hang up are part of the tests
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.owner._handle(self, head=False)

    def do_POST(self) -> None:
        self.server.owner._handle(self, head=False)

    def do_HEAD(self) -> None:
        self.server.owner._handle(self, head=True)

    def log_message(self, format: str, *args: Any) -> None:
        pass


# ---------------------------------------------------------------------- reactor


class ReactorThread:
    """Twisted's AsyncioSelectorReactor running in a daemon thread, once per process.

    ``ReactorThread.get().run(coro)`` runs a coroutine (e.g. ``crawler.runner.crawl(...)``)
    on the reactor's asyncio loop and returns its result, so one test process can run
    any number of crawls although the reactor can only be started once.
    """

    _instance: ReactorThread | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._main, name="twisted-reactor", daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the Twisted reactor did not start")
        if self._error is not None:
            raise RuntimeError("could not start the Twisted asyncio reactor") from self._error

    @classmethod
    def get(cls) -> ReactorThread:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _main(self) -> None:
        try:
            from scrapy.utils.reactor import install_reactor, is_asyncio_reactor_installed

            install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
            if not is_asyncio_reactor_installed():
                raise RuntimeError(
                    "another (non-asyncio) Twisted reactor is installed in this process"
                )
            from twisted.internet import reactor

            self.loop = reactor._asyncioEventloop  # type: ignore[attr-defined]
            reactor.callWhenRunning(self._ready.set)  # type: ignore[attr-defined]
            reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined]
        except BaseException as exc:
            self._error = exc
            self._ready.set()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        assert self.loop is not None
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise
