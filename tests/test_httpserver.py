"""The test web server itself: other tests rely on its 304s, failures, log and proxy mode."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.httpserver import NoticeServer


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        yield srv


def get(
    server: NoticeServer, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_routes_can_change_while_serving(server: NoticeServer) -> None:
    assert get(server, "/privacy")[0] == 404
    server.set("/privacy", "<p>v1</p>", headers={"X-Version": "1"})
    status, headers, body = get(server, "/privacy?lang=en")
    assert (status, body) == (200, b"<p>v1</p>")
    assert headers["content-type"] == "text/html; charset=utf-8" and headers["x-version"] == "1"
    assert headers["content-length"] == "9"
    server.set("/privacy", b"<p>v2</p>", status=410, content_type="text/plain")
    assert get(server, "/privacy")[:3:2] == (410, b"<p>v2</p>")
    (_missing, first, _gone) = server.requests_for("/privacy")
    assert first.query == "lang=en" and first.target == "/privacy?lang=en" and not first.proxied
    assert server.count("/privacy") == 3


def test_validators_give_304(server: NoticeServer) -> None:
    stamp = "Sat, 01 Mar 2025 10:00:00 GMT"
    server.set("/n", "text", etag='"abc"', last_modified=stamp)
    status, headers, body = get(server, "/n", {"If-None-Match": '"abc"'})
    assert (status, body, headers["etag"]) == (304, b"", '"abc"')
    assert get(server, "/n", {"If-None-Match": 'W/"zzz", "abc"'})[0] == 304
    assert get(server, "/n", {"If-None-Match": '"old"'})[0] == 200
    assert get(server, "/n", {"If-Modified-Since": stamp})[0] == 304
    assert get(server, "/n", {"If-Modified-Since": "Sun, 02 Mar 2025 10:00:00 GMT"})[0] == 304
    assert get(server, "/n", {"If-Modified-Since": "Fri, 28 Feb 2025 10:00:00 GMT"})[0] == 200
    # If-None-Match wins over If-Modified-Since.
    assert get(server, "/n", {"If-None-Match": '"old"', "If-Modified-Since": stamp})[0] == 200


def test_fail_times_then_heals(server: NoticeServer) -> None:
    server.set("/flaky", "ok")
    server.fail_times("/flaky", 2, status=503)
    assert [get(server, "/flaky")[0] for _ in range(4)] == [503, 503, 200, 200]


def test_redirect_and_robots(server: NoticeServer) -> None:
    server.redirect("/old", "/new", status=301)
    server.set("/new", "moved here")
    server.robots("User-agent: *\nDisallow: /private/\n")
    with urllib.request.urlopen(server.url("/old"), timeout=10) as response:
        assert response.url == server.url("/new") and response.read() == b"moved here"
    status, headers, body = get(server, "/robots.txt")
    assert (
        status == 200
        and body.startswith(b"User-agent")
        and headers["content-type"].startswith("text/plain")
    )


def test_log_headers_are_case_insensitive_and_keep_cookies(server: NoticeServer) -> None:
    server.set("/c", "x")
    get(server, "/c", {"Accept-Language": "de-DE", "Cookie": "region=eu; consent=no"})
    (sent,) = server.requests
    assert sent.headers["accept-language"] == sent.headers.get("ACCEPT-LANGUAGE") == "de-DE"
    assert "If-None-Match" not in sent.headers
    assert sent.cookies == {"region": "eu", "consent": "no"}


def test_proxy_style_requests_are_served_and_logged(server: NoticeServer) -> None:
    server.set("/privacy", "via proxy")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("GET", "http://notices.example/privacy?x=1", skip_host=True)
    conn.putheader("Host", "notices.example")
    conn.endheaders()
    response = conn.getresponse()
    assert (response.status, response.read()) == (200, b"via proxy")
    conn.close()
    (sent,) = server.requests
    assert (
        sent.proxied
        and sent.path == "/privacy"
        and sent.query == "x=1"
        and sent.host == "notices.example"
    )


def test_body_without_content_length(server: NoticeServer) -> None:
    server.set("/stream", b"z" * 10_000, content_length=False)
    status, headers, body = get(server, "/stream")
    assert status == 200 and "content-length" not in headers and body == b"z" * 10_000


def test_concurrent_requests_and_prompt_close() -> None:
    server = NoticeServer().start()
    server.set("/slow", "late", delay=0.3)
    server.set("/fast", "now")
    with ThreadPoolExecutor(8) as pool:
        started = time.monotonic()
        statuses = list(pool.map(lambda _: get(server, "/slow")[0], range(8)))
        assert statuses == [200] * 8 and time.monotonic() - started < 2  # served in parallel
    server.set("/slow", "never", delay=30)
    with pytest.raises((urllib.error.URLError, OSError)), ThreadPoolExecutor(1) as pool:
        pending = pool.submit(urllib.request.urlopen, server.url("/slow"), timeout=0.2)
        pending.result()
    started = time.monotonic()
    server.close()  # a sleeping handler does not hold the shutdown
    assert time.monotonic() - started < 3
