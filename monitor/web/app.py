"""The web view as a WSGI application: routes, authentication, content negotiation, headers.

Read-only: GET and HEAD only, one short database transaction per request. Every
page also answers in JSON (``.json`` suffix or ``Accept: application/json``).
Pages carry a Content-Security-Policy that allows the site's own stylesheet
and nothing else (no script at all), so even a template bug could not run a
notice's ``<script>``; raw snapshots are sent as downloads, never rendered on
this origin.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from monitor.errors import NoticewatchError
from monitor.web.auth import Auth

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_SEG = r"([^/]+)"
ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"/(?:targets)?"), "targets"),
    (re.compile(r"/static/style\.css"), "style"),
    (re.compile(r"/compare"), "compare"),
    (re.compile(r"/feed\.atom"), "feed"),
    (re.compile(rf"/targets/{_SEG}/feed\.atom"), "target_feed"),
    (re.compile(rf"/tags/{_SEG}/feed\.atom"), "tag_feed"),
    (re.compile(rf"/targets/{_SEG}"), "timeline"),
    (re.compile(rf"/targets/{_SEG}/versions/(\d+)"), "change"),
    (re.compile(rf"/targets/{_SEG}/versions/(\d+)/facts"), "facts"),
    (re.compile(rf"/targets/{_SEG}/versions/(\d+)/snapshot"), "snapshot"),
]


class BadRequest(NoticewatchError, ValueError):
    """A query parameter the page cannot use: a 400 with this message."""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]] | None = None


@dataclass(frozen=True, slots=True)
class Request:
    path: str
    query: dict[str, list[str]]
    want_json: bool
    base: str

    def arg(self, name: str) -> str:
        return (self.query.get(name) or [""])[0].strip()

    def page(self) -> int:
        raw = self.arg("page") or "1"
        if not raw.isdigit() or not 1 <= int(raw) <= 1_000_000:
            raise BadRequest(f"page must be a positive number, not {raw!r}")
        return int(raw)


class WebApp:
    """``WebApp(database_url)`` is a WSGI callable; ``base_url`` overrides the Host header in feeds."""

    def __init__(self, database: Any, *, auth: Auth | None = None, base_url: str | None = None):
        self.database = database
        self.auth = auth or Auth()
        self.base_url = base_url.rstrip("/") if base_url else None

    def warm(self) -> None:
        """Build the main feed once (its cards are then cached), so its first reader does not wait."""
        from monitor.web import views

        try:
            with self.database.session() as session:
                views.feed(session)
        except Exception:  # only a head start: the request will say what is wrong
            log.debug("web view: warming the feed failed", exc_info=True)

    # ------------------------------------------------------------------ WSGI

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        response = self.respond(environ)
        elapsed = (time.perf_counter() - started) * 1000
        own = dict(response.headers or [])
        headers = [
            (name, own.pop(name, value))
            for name, value in (
                ("Content-Type", response.content_type),
                ("Content-Length", str(len(response.body))),
                ("Cache-Control", "no-cache"),
                ("Server-Timing", f"app;dur={elapsed:.1f}"),
                *_SECURITY_HEADERS,
            )
        ]
        headers += list(own.items())
        start_response(f"{response.status} {_REASONS.get(response.status, '')}", headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [response.body]

    def respond(self, environ: dict[str, Any]) -> Response:
        accept = environ.get("HTTP_ACCEPT", "")
        want_json = "application/json" in accept and "text/html" not in accept
        if environ.get("REQUEST_METHOD", "GET") not in {"GET", "HEAD"}:
            return self._error(405, "read-only: GET and HEAD only", want_json)
        if not self.auth.allows(environ.get("HTTP_AUTHORIZATION")):
            response = self._error(401, "authentication required", want_json)
            response.headers = [("WWW-Authenticate", 'Basic realm="noticewatch", charset="UTF-8"')]
            return response
        raw = environ.get("PATH_INFO", "/") or "/"
        try:  # WSGI hands the path over as latin-1; URLs are UTF-8
            path = raw.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return self._error(400, "the path is not UTF-8", want_json)
        if path.endswith(".json"):
            path, want_json = path[: -len(".json")] or "/", True
            if path == "/feed" or re.fullmatch(r"/(?:targets|tags)/[^/]+/feed", path):
                path += ".atom"
        request = Request(
            path=path,
            query=parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=False),
            want_json=want_json,
            base=self.base_url or _base_from(environ),
        )
        try:
            return self.dispatch(request)
        except BadRequest as exc:
            return self._error(400, str(exc), want_json)
        except LookupError as exc:
            return self._error(404, str(exc.args[0] if exc.args else exc), want_json)
        except Exception as exc:
            if isinstance(exc, NoticewatchError):  # the database is down or out of date
                log.warning("web view: %s", exc)
                return self._error(503, str(exc), want_json)
            log.exception("web view: %s failed", path)
            return self._error(500, "internal error (see the server's log)", want_json)

    # ------------------------------------------------------------------ routing

    def dispatch(self, request: Request) -> Response:
        for pattern, name in ROUTES:
            match = pattern.fullmatch(request.path)
            if match:
                return getattr(self, "_" + name)(request, *match.groups())
        raise LookupError(f"no page at {request.path}")

    def _style(self, request: Request) -> Response:
        from monitor.render.templating import stylesheet

        return Response(
            200,
            "text/css; charset=utf-8",
            stylesheet().encode(),
            [("Cache-Control", "max-age=3600")],
        )

    def _page(self, request: Request, build: Callable[[Any], Any]) -> Response:
        with self.database.session() as session:
            page = build(session)
            if request.want_json:
                return _json(page.document)
            return self._html(page.template, page.context)

    def _targets(self, request: Request) -> Response:
        from monitor.web import views

        return self._page(
            request,
            lambda s: views.targets_page(
                s,
                tag=request.arg("tag"),
                region=request.arg("region"),
                service=request.arg("service"),
                page=request.page(),
            ),
        )

    def _timeline(self, request: Request, slug: str) -> Response:
        from monitor.web import views

        return self._page(request, lambda s: views.timeline_page(s, slug, page=request.page()))

    def _change(self, request: Request, slug: str, number: str) -> Response:
        from monitor.web import views

        inline = request.arg("view") == "inline"
        return self._page(request, lambda s: views.change_page(s, slug, int(number), inline=inline))

    def _facts(self, request: Request, slug: str, number: str) -> Response:
        from monitor.web import views

        return self._page(request, lambda s: views.facts_page(s, slug, int(number)))

    def _compare(self, request: Request) -> Response:
        from monitor.web import views

        a, b = request.arg("a"), request.arg("b")
        return self._page(request, lambda s: views.compare_page(s, a, b))

    def _snapshot(self, request: Request, slug: str, number: str) -> Response:
        from monitor.web import views

        with self.database.session() as session:
            body, content_type = views.snapshot(session, slug, int(number))
        extension = {"text/html": "html", "application/pdf": "pdf", "text/plain": "txt"}.get(
            content_type.split(";")[0].strip().lower(), "bin"
        )
        name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{slug}-v{number}.{extension}")
        # A download, sandboxed: the page a site served must never run on this origin.
        return Response(
            200,
            "application/octet-stream",
            body,
            [
                ("Content-Disposition", f'attachment; filename="{name}"'),
                ("X-Noticewatch-Content-Type", content_type.replace("\n", " ")[:200]),
                ("Content-Security-Policy", "sandbox"),
            ],
        )

    def _feed(self, request: Request, slug: str | None = None, tag: str | None = None) -> Response:
        from monitor.web import views
        from monitor.web.feeds import atom

        with self.database.session() as session:
            feed = views.feed(session, slug=slug, tag=tag)
        if request.want_json:
            return _json(views.feed_json(feed, request.base))
        return Response(200, "application/atom+xml; charset=utf-8", atom(feed, request.base))

    def _target_feed(self, request: Request, slug: str) -> Response:
        return self._feed(request, slug=slug)

    def _tag_feed(self, request: Request, tag: str) -> Response:
        return self._feed(request, tag=tag)

    # ------------------------------------------------------------------ output

    def _html(self, template: str, context: dict[str, Any], status: int = 200) -> Response:
        from monitor.render.templating import render

        body = render(template, protected=self.auth.token is not None, **context)
        return Response(status, "text/html; charset=utf-8", body.encode("utf-8"))

    def _error(self, status: int, message: str, want_json: bool) -> Response:
        if want_json:
            return _json({"error": message, "status": status}, status)
        return self._html("error.html", {"status": status, "message": message}, status)


def _json(document: Any, status: int = 200) -> Response:
    body = json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    return Response(status, "application/json; charset=utf-8", body.encode("utf-8"))


def _base_from(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST") or (
        f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
    )
    host = re.sub(r"[^A-Za-z0-9.:\[\]-]", "", host)  # a Host header is not trusted input either
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
