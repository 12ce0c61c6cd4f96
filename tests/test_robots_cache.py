"""robots.txt is fetched once per site and kept across crawls for as long as its headers say."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from crawler.items import FetchRequest
from crawler.robots import clear_memory, lifetime
from crawler.runner import crawl
from monitor.record import Recorder, fetch_requests
from monitor.targets import Target
from storage import repo
from storage.db import Database
from tests.httpserver import NoticeServer, ReactorThread

FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False}
PAGE = (
    "<html lang='en'><body><main><h1>Acme Privacy Notice</h1>"
    "<p>We collect your name, email address and IP address to provide the service.</p>"
    "<p>With your consent we show you personalised advertising based on your activity.</p>"
    "<p>You can object to processing and withdraw your consent at any time.</p></main></body></html>"
)


class Recording:
    def process(self, notice: Any) -> object:
        return notice.status


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        srv.set("/privacy", PAGE)
        srv.set("/terms", PAGE)
        srv.set("/private", PAGE)
        yield srv


def targets(server: NoticeServer) -> list[Target]:
    return [
        Target(id=name, url=server.url(f"/{name}"), allow_private_networks=True)
        for name in ("privacy", "terms", "private")
    ]


def crawl_plainly(reactor: ReactorThread, server: NoticeServer) -> list[object]:
    requests = [FetchRequest(t) for t in targets(server)]
    return [r for _n, r in reactor.run(crawl(requests, Recording(), settings=FAST))]


def test_a_second_crawl_does_not_fetch_robots_txt_again(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.robots("User-agent: *\nDisallow: /private\n")
    first = crawl_plainly(reactor, server)
    assert first == [200, 200, None]  # /private: forbidden by robots.txt
    second = crawl_plainly(reactor, server)
    assert second == first
    assert server.count("/robots.txt") == 1
    assert server.count("/private") == 0


def test_an_expired_robots_txt_is_fetched_again(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.set(
        "/robots.txt",
        "User-agent: *\nDisallow: /private\n",
        content_type="text/plain",
        headers={"Cache-Control": "max-age=1"},
    )
    crawl_plainly(reactor, server)
    crawl_plainly(reactor, server)
    assert server.count("/robots.txt") == 1  # still fresh
    time.sleep(1.2)
    server.set("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    assert crawl_plainly(reactor, server) == [200, 200, 200]  # the new rules apply
    assert server.count("/robots.txt") == 2


def test_no_store_and_server_errors_are_not_kept(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.set("/robots.txt", "", content_type="text/plain", headers={"Cache-Control": "no-store"})
    crawl_plainly(reactor, server)
    crawl_plainly(reactor, server)
    assert server.count("/robots.txt") == 2
    server.set("/robots.txt", "busy", status=500, content_type="text/plain")
    crawl_plainly(reactor, server)
    crawl_plainly(reactor, server)
    assert server.count("/robots.txt") == 2 + 2 * 3  # each crawl asks again (and retries)


def test_repeated_recrawls_share_it_through_the_database(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    server.robots("User-agent: *\nDisallow: /private\n")
    watched = targets(server)
    with sqlite_database.session() as session:
        repo.sync_targets(session, watched)

    def recrawl() -> list[str]:
        clear_memory()  # a new process: only the database remembers
        recorder = Recorder(sqlite_database, watched)
        requests = fetch_requests(sqlite_database, watched, force=True)
        pairs = reactor.run(crawl(requests, recorder, settings=FAST))
        return [result.outcome for _n, result in pairs]  # type: ignore[attr-defined]

    assert recrawl() == ["new_version", "new_version", "failed"]
    assert recrawl() == ["unchanged", "unchanged", "failed"]
    assert server.count("/robots.txt") == 1


def test_lifetime_reads_cache_control_and_expires() -> None:
    now = 1_000_000.0
    assert lifetime({}, 86_400.0, now) == 86_400.0
    assert lifetime({b"Cache-Control": b"public, max-age=3600"}, 86_400.0, now) == 3600.0
    assert lifetime({b"Cache-Control": b"max-age=60, s-maxage=120"}, 1.0, now) == 120.0
    assert lifetime({b"Cache-Control": b"no-cache"}, 86_400.0, now) == 0.0
    assert lifetime({b"Cache-Control": b"max-age=soon"}, 86_400.0, now) == 0.0
    expires = {
        b"Date": b"Sun, 06 Dec 2026 10:00:00 GMT",
        b"Expires": b"Sun, 06 Dec 2026 12:00:00 GMT",
    }
    assert lifetime(expires, 86_400.0, now) == 7200.0
    assert lifetime({b"Expires": b"0"}, 86_400.0, now) == 0.0
