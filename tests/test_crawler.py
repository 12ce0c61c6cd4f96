"""The real NoticeSpider, through crawler.runner, against a real local HTTP server.

How the crawls run: a Twisted reactor can be started once per process, so every
in-process crawl of this file is submitted to one AsyncioSelectorReactor running
in a background thread for the whole session (tests.httpserver.ReactorThread),
exactly as the daemon awaits ``crawl`` on its one long-lived loop. That keeps
each crawl at tens of milliseconds instead of ~1.3 s for a subprocess, and it is
itself the test that many crawls work in one process. ``run_sync`` (which owns a
reactor for the life of a process), ``scrapy list`` and ``scrapy crawl notices``
are tested in subprocesses, as users run them.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from scrapy.settings import Settings

from crawler.fingerprint import TargetRequestFingerprinter
from crawler.items import FetchedNotice, FetchRequest, ProcessingError
from crawler.runner import crawl, crawl_settings
from crawler.spiders.notices import describe_failure
from monitor.targets import Target
from tests.httpserver import NoticeServer, ReactorThread

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

#: Local crawls need no politeness delay; everything else is the project's settings.
FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False}

PAGE = (
    b"<!doctype html><html lang='en'><head><title>Acme privacy</title></head>"
    b"<body><main><h1>Acme European Privacy Notice</h1>"
    b"<p>We process profile data on the basis of legitimate interests.</p></main></body></html>"
)


class Recording:
    """A NoticeProcessor that remembers what it got and on which thread."""

    def __init__(self) -> None:
        self.notices: list[FetchedNotice] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def process(self, notice: FetchedNotice) -> object:
        with self._lock:
            self.notices.append(notice)
            self.threads.add(threading.current_thread().name)
        return ("recorded", notice.target_id, notice.status)


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        yield srv


def target(server: NoticeServer, target_id: str, path: str, **fields: Any) -> Target:
    fields.setdefault("allow_private_networks", True)  # the test server is on 127.0.0.1
    return Target(id=target_id, url=server.url(path), **fields)


def run(
    reactor: ReactorThread,
    requests: Sequence[FetchRequest],
    processor: Any = None,
    **settings: Any,
) -> list[tuple[FetchedNotice, object]]:
    return reactor.run(crawl(requests, processor or Recording(), settings={**FAST, **settings}))


def fetch_one(reactor: ReactorThread, request: FetchRequest, **settings: Any) -> FetchedNotice:
    ((notice, _result),) = run(reactor, [request], **settings)
    return notice


# ---------------------------------------------------------------------- connections


def test_crawls_sharing_connections_reuse_them_and_keep_guarded_ones_apart(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    """The daemon's batches (NOTICEWATCH_SHARED_CONNECTIONS) reconnect to no site they just saw."""
    server.set("/a", PAGE, etag='"a"')
    shared = {"NOTICEWATCH_SHARED_CONNECTIONS": True}
    first = run(reactor, [FetchRequest(target(server, "a", "/a"))], **shared)
    assert first[0][0].status == 200
    opened = {r.client for r in server.requests}
    for _ in range(2):
        notice = fetch_one(reactor, FetchRequest(target(server, "a", "/a"), etag='"a"'), **shared)
        assert notice.status == 304
        assert notice.error is None
    assert len(server.requests_for("/a")) == 3
    assert {r.client for r in server.requests} == opened  # no new connection

    # A guarded request to the same host never rides the allowed target's connection.
    guarded = fetch_one(
        reactor, FetchRequest(target(server, "g", "/a", allow_private_networks=False)), **shared
    )
    assert guarded.error is not None and "loopback" in guarded.error
    assert len(server.requests_for("/a")) == 3

    # Without the setting, each crawl opens connections of its own (and closes them).
    server.clear_log()
    for _ in range(2):
        fetch_one(reactor, FetchRequest(target(server, "a", "/a")))
    assert len({r.client for r in server.requests_for("/a")}) == 2


# ---------------------------------------------------------------------- responses


def test_a_crawl_that_keeps_no_bodies_hands_them_to_the_processor_only(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    # recrawl and the daemon record every body as it comes; the crawl's result holds none.
    server.set("/privacy", PAGE)
    processor = Recording()
    t = target(server, "acme-eu", "/privacy")
    results = reactor.run(crawl([FetchRequest(t)], processor, settings=FAST, keep_bodies=False))
    ((notice, _),) = results
    assert notice.status == 200 and notice.body == b""
    assert [n.body for n in processor.notices] == [PAGE]


def test_200_delivers_body_headers_and_final_url(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.set("/privacy", PAGE, etag='"v7"', headers={"X-Notice-Version": "7"})
    processor = Recording()
    before = datetime.now(UTC)
    t = target(
        server, "acme-eu", "/privacy", headers={"Accept-Language": "en-IE", "Accept": "text/html"}
    )
    results = reactor.run(crawl([FetchRequest(t)], processor, settings=FAST, crawl_id="crawl-1"))

    ((notice, result),) = results
    assert result == ("recorded", "acme-eu", 200)
    assert notice.error is None and notice.error_kind is None
    assert notice.status == 200 and notice.body == PAGE
    assert notice.url == notice.final_url == server.url("/privacy")
    assert notice.content_type == "text/html; charset=utf-8"
    assert notice.etag == '"v7"' and notice.headers["x-notice-version"] == "7"
    assert all(name == name.lower() for name in notice.headers)
    assert notice.crawl_id == "crawl-1"
    assert notice.fetched_at.tzinfo is not None and before <= notice.fetched_at <= datetime.now(UTC)
    assert 0 < notice.duration_ms < 10_000
    # The processor ran off the reactor thread.
    assert processor.notices == [notice] and "twisted-reactor" not in processor.threads

    (sent,) = server.requests_for("/privacy")
    assert sent.headers["User-Agent"] == crawl_settings()["USER_AGENT"]
    assert sent.headers["User-Agent"].startswith("noticewatch/")
    assert "(+https://github.com/noticewatch/noticewatch)" in sent.headers["User-Agent"]
    # Per-target headers win over Scrapy's defaults (Accept-Language "en", Accept "text/html,...").
    assert sent.headers["Accept-Language"] == "en-IE" and sent.headers["Accept"] == "text/html"
    assert "If-None-Match" not in sent.headers and "If-Modified-Since" not in sent.headers


def test_conditional_requests_get_304(reactor: ReactorThread, server: NoticeServer) -> None:
    stamp = "Sat, 01 Mar 2025 10:00:00 GMT"
    server.set("/privacy", PAGE, etag='"v1"', last_modified=stamp)
    t = target(server, "acme", "/privacy")
    results = run(
        reactor,
        [
            FetchRequest(t, etag='"v1"'),
            FetchRequest(t, last_modified=stamp),
            FetchRequest(t, etag='"v0"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT"),
            FetchRequest(t),
        ],
    )
    by_etag, by_date, stale, unconditional = (notice for notice, _ in results)
    assert by_etag.not_modified and by_etag.status == 304 and by_etag.body == b""
    assert by_etag.etag == '"v1"' and by_etag.error is None
    assert by_date.not_modified and by_date.last_modified == stamp
    assert stale.status == 200 and stale.body == PAGE and not stale.not_modified
    assert unconditional.status == 200

    sent = server.requests_for("/privacy")
    assert len(sent) == 4  # same target four times: no request was deduplicated
    assert sorted(r.headers.get("If-None-Match", "-") for r in sent) == ['"v0"', '"v1"', "-", "-"]
    assert sorted(r.headers.get("If-Modified-Since", "-") for r in sent) == sorted(
        ["-", "-", stamp, "Mon, 01 Jan 2024 00:00:00 GMT"]
    )


def test_error_statuses_reach_the_monitor_after_retries(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.set("/gone", b"<html>Not here</html>", status=404)
    server.set("/broken", b"<html>Internal error</html>", status=500)
    server.set("/flaky", PAGE)
    server.fail_times("/flaky", 2, status=503)
    results = run(
        reactor,
        [
            FetchRequest(target(server, "gone", "/gone")),
            FetchRequest(target(server, "broken", "/broken")),
            FetchRequest(target(server, "flaky", "/flaky")),
        ],
    )
    gone, broken, flaky = (notice for notice, _ in results)
    assert gone.status == 404 and gone.body == b"<html>Not here</html>" and gone.error is None
    assert server.count("/gone") == 1  # 404 is not retried
    assert (
        broken.status == 500
        and broken.body == b"<html>Internal error</html>"
        and broken.error is None
    )
    assert server.count("/broken") == 1 + crawl_settings().getint("RETRY_TIMES") == 3
    assert flaky.status == 200 and flaky.body == PAGE
    assert server.count("/flaky") == 3


def test_error_statuses_arrive_even_without_httperror_allow_all(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    # A deployment that switches HTTPERROR_ALLOW_ALL off still gets its 404 as a response.
    server.set("/gone", b"<html>Not here</html>", status=404)
    notice = fetch_one(
        reactor, FetchRequest(target(server, "gone", "/gone")), HTTPERROR_ALLOW_ALL=False
    )
    assert notice.status == 404 and notice.body == b"<html>Not here</html>" and notice.error is None


def test_timeout_is_retried_then_reported(reactor: ReactorThread, server: NoticeServer) -> None:
    server.set("/slow", PAGE, delay=5)
    notice = fetch_one(reactor, FetchRequest(target(server, "slow", "/slow", timeout=0.3)))
    assert notice.error_kind == "timeout" and notice.status is None and notice.body == b""
    assert notice.final_url is None
    assert "0.3 s" in (notice.error or "") and "3 attempts" in (notice.error or "")
    assert server.count("/slow") == 3
    assert notice.duration_ms >= 3 * 300


def test_redirect_is_followed(reactor: ReactorThread, server: NoticeServer) -> None:
    server.redirect("/privacy", "/legal/privacy-2025", status=301)
    server.set("/legal/privacy-2025", PAGE)
    notice = fetch_one(reactor, FetchRequest(target(server, "moved", "/privacy")))
    assert notice.status == 200 and notice.body == PAGE
    assert notice.url == server.url("/privacy")
    assert notice.final_url == server.url("/legal/privacy-2025")


@pytest.mark.parametrize("content_length", [True, False], ids=["announced", "streamed"])
def test_oversized_body_is_cut_off(
    reactor: ReactorThread, server: NoticeServer, content_length: bool
) -> None:
    server.set("/huge", b"x" * 200_000, content_length=content_length)
    notice = fetch_one(
        reactor, FetchRequest(target(server, "huge", "/huge")), DOWNLOAD_MAXSIZE=50_000
    )
    assert notice.error_kind == "too_large" and notice.body == b"" and notice.status is None
    assert "50,000 bytes" in (notice.error or "")
    assert server.count("/huge") == 1  # not retried


def test_oversized_after_decompression(reactor: ReactorThread, server: NoticeServer) -> None:
    server.set("/bomb", gzip.compress(b"a" * 500_000), headers={"Content-Encoding": "gzip"})
    notice = fetch_one(
        reactor, FetchRequest(target(server, "bomb", "/bomb")), DOWNLOAD_MAXSIZE=50_000
    )
    assert notice.error_kind == "too_large"


def test_compressed_body_is_decoded(reactor: ReactorThread, server: NoticeServer) -> None:
    server.set("/gz", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    notice = fetch_one(reactor, FetchRequest(target(server, "gz", "/gz")))
    assert notice.body == PAGE
    assert "gzip" in server.requests_for("/gz")[0].headers["Accept-Encoding"]


def test_non_utf8_body_and_charset_are_kept(reactor: ReactorThread, server: NoticeServer) -> None:
    body = "<html><body><p>Données personnelles, intérêts légitimes, « profilage »</p></body></html>".encode(
        "iso-8859-1"
    )
    server.set("/fr", body, content_type="text/html; charset=ISO-8859-1")
    notice = fetch_one(reactor, FetchRequest(target(server, "fr", "/fr")))
    assert notice.body == body
    assert notice.content_type == "text/html; charset=ISO-8859-1"


def test_pdf_body_is_binary_intact(reactor: ReactorThread, server: NoticeServer) -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
    server.set("/privacy.pdf", pdf, content_type="application/pdf")
    notice = fetch_one(reactor, FetchRequest(target(server, "pdf", "/privacy.pdf")))
    assert notice.body == pdf and notice.content_type == "application/pdf"


def test_failures_without_a_response(reactor: ReactorThread, server: NoticeServer) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    server.set("/tls", PAGE)
    refused, tls, invalid = (
        notice
        for notice, _ in run(
            reactor,
            [
                FetchRequest(
                    Target(
                        id="refused",
                        url=f"http://127.0.0.1:{closed_port}/privacy",
                        allow_private_networks=True,
                    )
                ),
                # TLS spoken to a plain-HTTP server: the handshake fails.
                FetchRequest(
                    Target(
                        id="tls",
                        url=server.url("/tls").replace("http://", "https://"),
                        obey_robots=False,
                        allow_private_networks=True,
                    )
                ),
                FetchRequest(Target(id="invalid", url="privacy.example/notice")),
            ],
        )
    )
    assert refused.error_kind == "connection" and "refused" in (refused.error or "")
    assert tls.error_kind == "tls" and tls.status is None
    assert invalid.error_kind == "other" and "invalid URL" in (invalid.error or "")


def test_failure_classification_names_dns() -> None:
    kind, message = describe_failure(
        CannotResolveHostError(
            "DNS lookup failed: no results for hostname lookup: notices.example."
        ),
        {"retry_times": 2},
        Settings(),
    )
    assert kind == "dns" and "3 attempts" in message and "notices.example" in message


# ---------------------------------------------------------------------- politeness


def test_robots_txt_is_obeyed_unless_the_target_opts_out(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.robots("User-agent: *\nDisallow: /private/\n")
    server.set("/private/notice", PAGE)
    server.set("/public/notice", PAGE)
    results = run(
        reactor,
        [
            FetchRequest(target(server, "polite", "/private/notice")),
            FetchRequest(target(server, "public", "/public/notice")),
            FetchRequest(target(server, "insistent", "/private/notice", obey_robots=False)),
        ],
    )
    polite, public, insistent = (notice for notice, _ in results)
    assert polite.error_kind == "robots" and polite.status is None and polite.body == b""
    assert public.status == 200
    assert insistent.status == 200 and insistent.body == PAGE
    assert server.count("/private/notice") == 1  # only the target that opted out
    (robots,) = server.requests_for("/robots.txt")
    assert robots.headers["User-Agent"].startswith("noticewatch/")


def test_contact_url_setting_builds_the_user_agent(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.set("/privacy", PAGE)
    fetch_one(
        reactor,
        FetchRequest(target(server, "ua", "/privacy")),
        NOTICEWATCH_CONTACT_URL="https://dpo.example.org/crawler",
    )
    (sent,) = server.requests_for("/privacy")
    assert sent.headers["User-Agent"].endswith("(+https://dpo.example.org/crawler)")


def test_crawl_settings_defaults_and_overrides() -> None:
    settings = crawl_settings()
    assert settings["BOT_NAME"] == "noticewatch"
    assert settings.getbool("ROBOTSTXT_OBEY") and not settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getdict("EXTENSIONS") == {"crawler.throttle.HostThrottle": 0}
    # No code-running HTTP server per crawl (Scrapy 2.19's RemoteControl), not even imported.
    assert "scrapy.extensions.remote_control.RemoteControl" not in settings["EXTENSIONS_BASE"]
    assert "scrapy.extensions.corestats.CoreStats" in settings["EXTENSIONS_BASE"]
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    # Per-request overhead of Scrapy 2.19 that does nothing for this spider.
    assert settings.getint("CONCURRENT_ITEMS") == 1
    assert not settings.getbool("WARN_ON_GENERATOR_RETURN_VALUE")
    assert settings.getint("DOWNLOAD_MAXSIZE") == 20 * 1024 * 1024
    assert settings.getint("DOWNLOAD_WARNSIZE") == 5 * 1024 * 1024
    assert settings.getint("RETRY_TIMES") == 2 and settings.getint("DOWNLOAD_TIMEOUT") == 30
    assert set(settings.getlist("RETRY_HTTP_CODES")) == {500, 502, 503, 504, 522, 524, 408, 429}
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 8
    # Each host starts at 8 and learns its bound up to 16; 32 in all leaves room for others.
    assert settings.getint("NOTICEWATCH_MAX_PER_HOST") == 16
    assert settings.getint("CONCURRENT_REQUESTS") == 32
    assert not settings.getbool("HTTPCACHE_ENABLED") and not settings.getbool(
        "TELNETCONSOLE_ENABLED"
    )
    assert settings["LOG_LEVEL"] == "WARNING"
    assert (
        settings["REQUEST_FINGERPRINTER_CLASS"] == "crawler.fingerprint.TargetRequestFingerprinter"
    )
    assert settings["TWISTED_REACTOR"] == "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

    custom = crawl_settings(
        {"NOTICEWATCH_CONTACT_URL": "https://example.org/about", "LOG_LEVEL": "INFO"}
    )
    assert (
        custom["USER_AGENT"].endswith("(+https://example.org/about)")
        and custom["LOG_LEVEL"] == "INFO"
    )
    explicit = crawl_settings(
        {"NOTICEWATCH_CONTACT_URL": "https://example.org/about", "USER_AGENT": "Mine/1"}
    )
    assert explicit["USER_AGENT"] == "Mine/1"


# ---------------------------------------------------------------------- politeness
# crawler.throttle.HostThrottle and crawler.downloader.BoundedDownloader, measured by the
# server: arrival times of the requests, requests it was answering at once. The bounds
# are generous, for a loaded 2-core machine.


def host_requests(server: NoticeServer, n: int, prefix: str = "p") -> list[FetchRequest]:
    return [FetchRequest(target(server, f"{prefix}{i}", f"/{prefix}{i}")) for i in range(n)]


def run_polite(
    reactor: ReactorThread, requests: list[FetchRequest], **settings: Any
) -> list[FetchedNotice]:
    # The project's own settings: no AUTOTHROTTLE_ENABLED = False here.
    pairs = reactor.run(crawl(requests, Recording(), settings=settings), timeout=90)
    return [notice for notice, _ in pairs]


def test_a_host_answering_304_is_not_kept_a_second_per_page(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    """Before: AutoThrottle (start delay 1 s) never lowered its delay on a 304: 30 s here."""
    n = 30
    for i in range(n):
        server.set(f"/p{i}", PAGE, etag=f'"v{i}"')
    notices = run_polite(
        reactor,
        [FetchRequest(r.target, etag=f'"v{i}"') for i, r in enumerate(host_requests(server, n))],
    )
    assert [x.status for x in notices] == [304] * n

    arrivals = sorted(r.at for r in server.requests if r.path.startswith("/p"))
    assert len(arrivals) == n
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # No request waited the old 1 s start delay (room left for a loaded machine), and the
    # whole host took a fraction of the 30 s it used to.
    assert max(gaps) < 0.9, gaps
    assert arrivals[-1] - arrivals[0] < n * 0.2, arrivals[-1] - arrivals[0]
    assert server.max_in_flight <= crawl_settings().getint("NOTICEWATCH_MAX_PER_HOST")


@pytest.mark.parametrize("status", [429, 503])
def test_a_refusing_host_is_paused_for_its_retry_after(
    reactor: ReactorThread, server: NoticeServer, status: int
) -> None:
    n, per_host, wait = 10, 3, 3
    for i in range(n):
        server.set(f"/p{i}", PAGE, delay=0.3)
    server.fail_times("/p0", 1, status=status, headers={"Retry-After": str(wait)})
    notices = run_polite(
        reactor,
        host_requests(server, n),
        CONCURRENT_REQUESTS_PER_DOMAIN=per_host,
        NOTICEWATCH_MAX_PER_HOST=per_host,
    )
    assert [x.status for x in notices] == [200] * n

    # No more than the configured requests in flight, and that many were used.
    assert 2 <= server.max_in_flight <= per_host
    refused, retried = server.requests_for("/p0")
    assert retried.at - refused.at >= wait - 0.1
    # The whole host waited: nothing arrived between the refusal (give or take the
    # requests already sent when it came back) and the end of its Retry-After.
    pages = [r.at for r in server.requests if r.path.startswith("/p")]
    assert not [t for t in pages if refused.at + 0.5 < t < refused.at + wait - 0.1], [
        round(t - refused.at, 2) for t in pages
    ]


def test_a_slow_host_does_not_hold_up_the_others(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    slow_latency = 1.5
    with NoticeServer(host="127.0.0.2") as slow:
        for i in range(6):
            slow.set(f"/s{i}", PAGE, delay=slow_latency)
        for i in range(20):
            server.set(f"/f{i}", PAGE)
        # The slow host's pages come first and outnumber CONCURRENT_REQUESTS.
        requests = host_requests(slow, 6, "s") + host_requests(server, 20, "f")
        notices = run_polite(
            reactor,
            requests,
            CONCURRENT_REQUESTS=4,
            CONCURRENT_REQUESTS_PER_DOMAIN=2,
            NOTICEWATCH_MAX_PER_HOST=2,
        )
        assert [x.status for x in notices] == [200] * 26
        slow_arrivals = sorted(r.at for r in slow.requests if r.path.startswith("/s"))
        fast_arrivals = sorted(r.at for r in server.requests if r.path.startswith("/f"))
        assert slow.max_in_flight <= 2
    # Every page of the fast host was asked for before the slow host answered its first two.
    assert fast_arrivals[-1] < slow_arrivals[0] + slow_latency - 0.1, (
        fast_arrivals[-1] - slow_arrivals[0]
    )


def test_a_fast_host_gets_more_requests_in_flight_up_to_the_max(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    """Answers as fast at 16 in flight as at 1: the host's bound grows from 8 to the max.

    That it reaches the max and stays there is the throttle's rule, tested on simulated
    time in tests/test_throttle.py. Measured here, on a loaded machine (load average
    about 12), a slow round now and then halves the bound: the median above 8 in the
    second half of the crawl asked here before failed 2 runs of 7 (a median of 8 at once).
    What load cannot explain away is checked: past the start, in both halves of the
    crawl, never past the max.
    """
    n, most = 300, crawl_settings().getint("NOTICEWATCH_MAX_PER_HOST")
    for i in range(n):
        server.set(f"/p{i}", PAGE, etag=f'"v{i}"', delay=0.05)
    notices = run_polite(
        reactor,
        [FetchRequest(r.target, etag=f'"v{i}"') for i, r in enumerate(host_requests(server, n))],
    )
    assert [x.status for x in notices] == [304] * n
    # Counted on the server: past the start (8), never past the max, and past it again
    # in the second half (robots.txt, answered at once, is not what the pages are judged
    # against).
    assert 8 < server.max_in_flight <= most, server.max_in_flight
    later = [r.in_flight for r in server.requests[n // 2 :]]
    assert max(later) > 8, later
    # The connections opened to get there are kept for the next requests, not reopened
    # (Scrapy keeps CONCURRENT_REQUESTS_PER_DOMAIN idle connections per host).
    connections = {r.client for r in server.requests}
    assert len(connections) <= most + 4, len(connections)


def test_a_host_slower_under_load_settles_at_a_low_bound(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    """20 ms alone, 30 ms more per request it is already answering: it comes down from 8.

    Where such a host settles (1 or 2 at once) is the throttle's rule, tested on simulated
    time in tests/test_throttle.py. Here the latencies are measured, on a machine that
    may be busy: a loaded machine stretches every answer the crawl times (the server and
    the reactor share this process) and the baseline the rule learns with them, so the
    bound settles higher. On a 2-core machine at a load average of 7-14, the second half
    of the crawl went at a median of 2-4 at once, at most 7 (the old bounds here, at most
    4 and 2.5 on average, failed 2 runs in 10 with two busy loops). What no load explains
    away is checked: the start (8 at once) is given up, and the bound never grows past it.
    """
    n = 80
    for i in range(n):
        server.set(f"/p{i}", PAGE, delay=0.02, delay_per_in_flight=0.03)
    notices = run_polite(reactor, host_requests(server, n))
    assert [x.status for x in notices] == [200] * n

    pages = [r for r in server.requests if r.path.startswith("/p")]
    start = crawl_settings().getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    assert server.max_in_flight <= start
    # The second half of the crawl went at fewer at a time than the start (a fixed bound
    # of 8 would keep 8 here, and a host answering as fast at 16 gets 16).
    later = [r.in_flight for r in pages[n // 2 :]]
    assert sorted(later)[len(later) // 2] < start, later


def test_a_slow_host_with_many_pages_does_not_hold_up_a_fast_one(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    """The project's settings: a slow host with more pages than it may have in flight."""
    slow_latency = 3.0
    with NoticeServer(host="127.0.0.2") as slow:
        for i in range(24):
            slow.set(f"/s{i}", PAGE, delay=slow_latency)
        for i in range(60):
            server.set(f"/f{i}", PAGE, delay=0.02)
        requests = host_requests(slow, 24, "s") + host_requests(server, 60, "f")
        notices = run_polite(reactor, requests)
        assert [x.status for x in notices] == [200] * 84
        slow_arrivals = sorted(r.at for r in slow.requests if r.path.startswith("/s"))
        fast_arrivals = sorted(r.at for r in server.requests if r.path.startswith("/f"))
        assert slow.max_in_flight <= crawl_settings().getint("NOTICEWATCH_MAX_PER_HOST")
    # Every page of the fast host was asked for before the slow host answered its first.
    assert fast_arrivals[-1] < slow_arrivals[0] + slow_latency - 0.1, (
        fast_arrivals[-1] - slow_arrivals[0]
    )


# ---------------------------------------------------------------------- regional variants


def test_regional_variants_of_one_url_are_two_fetches(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.set("/privacy", PAGE)
    eu = target(server, "acme-eu", "/privacy", headers={"Accept-Language": "en-IE"})
    us = target(server, "acme-us", "/privacy", headers={"Accept-Language": "en-US"})
    results = run(reactor, [FetchRequest(eu), FetchRequest(us)])
    assert [(n.target_id, n.status) for n, _ in results] == [("acme-eu", 200), ("acme-us", 200)]
    languages = sorted(r.headers["Accept-Language"] for r in server.requests_for("/privacy"))
    assert languages == ["en-IE", "en-US"]


def test_fingerprint_includes_the_target() -> None:
    fingerprinter = TargetRequestFingerprinter()
    url = "https://www.example.com/legal/privacy?lang=en&region=eu"
    eu = fingerprinter.fingerprint(Request(url, meta={"target_id": "x-eu"}))
    eu_again = fingerprinter.fingerprint(Request(url, meta={"target_id": "x-eu"}))
    us = fingerprinter.fingerprint(Request(url, meta={"target_id": "x-us"}))
    plain = fingerprinter.fingerprint(Request(url))
    assert eu == eu_again and eu != us and plain not in {eu, us}


def test_cookies_are_kept_per_target(reactor: ReactorThread, server: NoticeServer) -> None:
    # The EU page sets a session cookie on its way (a redirect); the US target, fetched
    # later on the same host, must not send it: one cookie jar per target.
    server.redirect("/eu", "/eu/notice", headers=[("Set-Cookie", "session=eu-123; Path=/")])
    server.set("/eu/notice", PAGE)
    server.set("/us", PAGE)
    server.redirect("/us-start", "/us", delay=0.3)
    eu = target(server, "acme-eu", "/eu", cookies={"region": "eu"})
    us = target(server, "acme-us", "/us-start", cookies={"region": "us"})
    results = run(reactor, [FetchRequest(eu), FetchRequest(us)])
    assert [n.status for n, _ in results] == [200, 200]

    (eu_first,) = server.requests_for("/eu")
    (eu_notice,) = server.requests_for("/eu/notice")
    (us_notice,) = server.requests_for("/us")
    assert eu_first.cookies == {"region": "eu"}
    assert eu_notice.cookies == {"region": "eu", "session": "eu-123"}
    assert us_notice.cookies == {"region": "us"}
    assert us_notice.at > eu_notice.at  # the EU cookie existed when the US request was sent


def test_proxy_is_used_for_the_notice_and_its_robots_txt(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    # The local server plays the proxy: it receives absolute-URI request lines and serves
    # the path. notices.example is never resolved: only the proxy is contacted.
    server.set("/privacy", PAGE)
    t = Target(id="via-proxy", url="http://notices.example/privacy", proxy=server.base_url)
    notice = fetch_one(reactor, FetchRequest(t))
    assert notice.status == 200 and notice.body == PAGE
    assert notice.final_url == "http://notices.example/privacy"
    robots, page = server.requests
    assert robots.proxied and robots.target == "http://notices.example/robots.txt"
    assert page.proxied and page.target == "http://notices.example/privacy"
    assert page.host == "notices.example"


# ---------------------------------------------------------------------- the runner


class Exploding(Recording):
    def process(self, notice: FetchedNotice) -> object:
        if notice.target_id == "boom":
            raise ValueError("cannot record this one")
        return super().process(notice)


def test_processor_exception_is_collected(reactor: ReactorThread, server: NoticeServer) -> None:
    server.set("/a", PAGE)
    server.set("/b", PAGE)
    processor = Exploding()
    results = run(
        reactor,
        [FetchRequest(target(server, "fine", "/a")), FetchRequest(target(server, "boom", "/b"))],
        processor,
    )
    (_fine, fine_result), (boom, boom_result) = results
    assert fine_result == ("recorded", "fine", 200)
    assert boom.status == 200 and isinstance(boom_result, ProcessingError)
    assert (
        boom_result.target_id == "boom" and str(boom_result) == "ValueError: cannot record this one"
    )
    assert (
        "Traceback" in boom_result.traceback and "cannot record this one" in boom_result.traceback
    )


def test_every_request_yields_one_result_in_order(
    reactor: ReactorThread, server: NoticeServer
) -> None:
    server.robots("User-agent: *\nDisallow: /no/\n")
    server.set("/ok", PAGE)
    server.set("/no/x", PAGE)
    server.set("/big", b"y" * 100_000)
    server.set("/missing", b"nope", status=404)
    requests = [
        FetchRequest(target(server, "ok", "/ok")),
        FetchRequest(target(server, "robots", "/no/x")),
        FetchRequest(target(server, "big", "/big")),
        FetchRequest(target(server, "missing", "/missing")),
        FetchRequest(Target(id="bad-url", url="no-scheme")),
        FetchRequest(target(server, "ok", "/ok")),  # the same target twice: fetched twice
    ]
    seen: list[str] = []

    def on_result(notice: FetchedNotice, result: object) -> None:
        seen.append(notice.target_id)

    processor = Recording()
    results = reactor.run(
        crawl(
            requests, processor, settings={**FAST, "DOWNLOAD_MAXSIZE": 10_000}, on_result=on_result
        )
    )
    assert [n.target_id for n, _ in results] == ["ok", "robots", "big", "missing", "bad-url", "ok"]
    assert [n.error_kind for n, _ in results] == [None, "robots", "too_large", None, "other", None]
    assert sorted(seen) == sorted(n.target_id for n, _ in results)
    assert len(processor.notices) == len(requests)
    assert server.count("/ok") == 2
    assert reactor.run(crawl([], processor)) == []


def test_many_crawls_in_one_process(reactor: ReactorThread, server: NoticeServer) -> None:
    server.set("/privacy", PAGE, etag='"v1"')
    t = target(server, "acme", "/privacy")
    first = fetch_one(reactor, FetchRequest(t))
    second = fetch_one(reactor, FetchRequest(t, etag=first.etag))
    server.set("/privacy", PAGE + b"<!-- v2 -->", etag='"v2"')
    third = fetch_one(reactor, FetchRequest(t, etag=second.etag))
    assert (first.status, second.status, third.status) == (200, 304, 200)
    assert third.etag == '"v2"'
    assert len({first.crawl_id, second.crawl_id, third.crawl_id}) == 3

    # Concurrent crawls on the one loop (the daemon's due jobs may overlap).
    server.set("/x", PAGE, delay=0.2)
    server.set("/y", PAGE, delay=0.2)

    async def both() -> list[list[tuple[FetchedNotice, object]]]:
        return list(
            await asyncio.gather(
                crawl([FetchRequest(target(server, "x", "/x"))], Recording(), settings=FAST),
                crawl([FetchRequest(target(server, "y", "/y"))], Recording(), settings=FAST),
            )
        )

    started = time.monotonic()
    (x,), (y,) = reactor.run(both())
    assert x[0].target_id == "x" and y[0].target_id == "y"
    assert x[0].status == y[0].status == 200
    assert time.monotonic() - started < 5


class Slow(Recording):
    """Records how many notices are being processed at once."""

    def __init__(self) -> None:
        super().__init__()
        self.active = 0
        self.peak = 0

    def process(self, notice: FetchedNotice) -> object:
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        time.sleep(0.05)
        with self._lock:
            self.active -= 1
        return super().process(notice)


def test_notices_are_processed_one_at_a_time(reactor: ReactorThread, server: NoticeServer) -> None:
    for i in range(6):
        server.set(f"/p{i}", PAGE)
    processor = Slow()

    async def two_crawls() -> None:
        await asyncio.gather(
            crawl(
                [FetchRequest(target(server, f"a{i}", f"/p{i}")) for i in range(3)],
                processor,
                settings=FAST,
            ),
            crawl(
                [FetchRequest(target(server, f"b{i}", f"/p{i + 3}")) for i in range(3)],
                processor,
                settings=FAST,
            ),
        )

    reactor.run(two_crawls())
    assert len(processor.notices) == 6 and processor.peak == 1


# ---------------------------------------------------------------------- subprocesses


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTICEWATCH_", "SCRAPY_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


RUN_SYNC_SCRIPT = """
import json, sys
from crawler.items import FetchRequest
from crawler.runner import crawl, run_sync
from monitor.targets import Target

class Processor:
    def process(self, notice):
        return notice.status

async def main():
    first = await crawl([FetchRequest(Target(id="a", url=sys.argv[1], allow_private_networks=True))], Processor(), settings={"AUTOTHROTTLE_ENABLED": False})
    second = await crawl([FetchRequest(Target(id="b", url=sys.argv[1], allow_private_networks=True))], Processor(), settings={"AUTOTHROTTLE_ENABLED": False})
    return [(n.target_id, n.status, r) for n, r in first + second]

print(json.dumps(run_sync(main)))
try:
    run_sync(main)
except RuntimeError as exc:
    print("second run_sync:", exc)
"""

RUN_SYNC_RAISES = """
from crawler.runner import run_sync

class Boom(Exception):
    pass

async def main():
    raise Boom("raised inside the reactor")

try:
    run_sync(main)
except Boom as exc:
    print("re-raised:", exc)
"""


def test_run_sync_runs_crawls_and_returns(server: NoticeServer) -> None:
    server.set("/privacy", PAGE)
    proc = subprocess.run(
        [sys.executable, "-c", RUN_SYNC_SCRIPT, server.url("/privacy")],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert json.loads(lines[0]) == [["a", 200, 200], ["b", 200, 200]]
    assert lines[1].startswith("second run_sync: ") and "once per process" in lines[1]
    assert proc.stderr == ""  # quiet by default: no Scrapy log lines on a terminal


def test_run_sync_reraises() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", RUN_SYNC_RAISES],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "re-raised: raised inside the reactor"


def test_scrapy_list_from_the_repo_root() -> None:
    proc = subprocess.run(
        [str(VENV_BIN / "scrapy"), "list"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["notices"]


class FileProcessor:
    """What the standalone hook below hands the spider: writes one JSON line per notice."""

    def __init__(self, path: str) -> None:
        self.path = path

    def process(self, notice: FetchedNotice) -> object:
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(
                json.dumps(
                    {"target": notice.target_id, "status": notice.status, "crawl": notice.crawl_id}
                )
            )
            out.write("\n")
        return "written"


def standalone_for_test(settings: Any) -> tuple[list[FetchRequest], FileProcessor]:
    """A NOTICEWATCH_STANDALONE callable, as monitor.record provides for real use."""
    target = Target(
        id="standalone", url=settings["NOTICEWATCH_TEST_URL"], allow_private_networks=True
    )
    requests = [FetchRequest(target)]
    return requests, FileProcessor(settings["NOTICEWATCH_TEST_OUTPUT"])


def test_scrapy_crawl_notices_uses_the_standalone_hook(
    server: NoticeServer, tmp_path: Path
) -> None:
    server.set("/privacy", PAGE)
    output = tmp_path / "notices.jsonl"
    proc = subprocess.run(
        [
            str(VENV_BIN / "scrapy"),
            "crawl",
            "notices",
            "-s",
            "NOTICEWATCH_STANDALONE=tests.test_crawler:standalone_for_test",
            "-s",
            f"NOTICEWATCH_TEST_URL={server.url('/privacy')}",
            "-s",
            f"NOTICEWATCH_TEST_OUTPUT={output}",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-a",
            "crawl_id=from-cli",
        ],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert lines == [{"target": "standalone", "status": 200, "crawl": "from-cli"}]
    assert "Spider closed (finished)" in proc.stderr
    assert server.count("/privacy") == 1


def test_scrapy_crawl_notices_records_like_recrawl(server: NoticeServer, tmp_path: Path) -> None:
    """The real hook (monitor.crawl): the watchlist's contact URL, the one database order."""
    from storage.db import open_database
    from storage.models import FetchRow

    server.set("/privacy", PAGE)
    watchlist = tmp_path / "watchlist.toml"
    watchlist.write_text(
        '[settings]\ncontact_url = "https://dpo.example.org/standalone"\n'
        f'database_url = "sqlite:///{tmp_path / "from-watchlist.db"}"\n'
        "allow_private_networks = true\n\n"
        f'[[targets]]\nid = "acme"\nurl = "{server.url("/privacy")}"\n',
        encoding="utf-8",
    )
    env = _env()
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'from-env.db'}"  # env > watchlist
    proc = subprocess.run(
        [
            str(VENV_BIN / "scrapy"),
            "crawl",
            "notices",
            "-s",
            f"NOTICEWATCH_WATCHLIST={watchlist}",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    (sent,) = server.requests_for("/privacy")
    assert sent.headers["User-Agent"].endswith("(+https://dpo.example.org/standalone)")
    assert not (tmp_path / "from-watchlist.db").exists()
    database = open_database(env["NOTICEWATCH_DATABASE_URL"])
    with database.session() as session:
        assert [f.http_status for f in session.query(FetchRow)] == [200]  # recorded there
    database.dispose()
