"""urls = [...]: one notice read from several pages, in order, through a real crawl and server."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from crawler.runner import crawl
from monitor.parts import (
    PageBody,
    extract_parts,
    fill,
    is_parts,
    needs_fill,
    pack,
    unpack,
    validators,
)
from monitor.record import FetchOutcome, Recorder, fetch_requests
from monitor.targets import Part, Target
from storage import repo
from storage.db import Database
from tests.httpserver import NoticeServer, ReactorThread

FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_RETRY_BACKOFF": 0.1}

MAIN = (
    "<html lang='en'><body><nav>Home Products Careers</nav><main><h1>Acme Privacy Notice</h1>"
    "<p>We collect your name, email address and IP address to provide the service.</p>"
    "<p>With your consent we show you personalised advertising based on your activity.</p>"
    "</main><footer>Copyright Acme</footer></body></html>"
)
COOKIES = (
    "<html lang='en'><body><div class='banner'>Accept all cookies?</div><article>"
    "<h2>Cookies</h2><p>We use cookies to keep you signed in and to measure the audience.</p>"
    "<p>You can refuse analytics cookies in the settings at any time.</p>"
    "<p class='ad'>Try Acme Premium!</p></article></body></html>"
)


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        srv.set("/privacy", MAIN, etag='"main-1"')
        srv.set("/cookies", COOKIES, etag='"cookies-1"')
        yield srv


def two_pages(server: NoticeServer, **fields: Any) -> Target:
    parts = (
        Part(server.url("/privacy"), select=("main",)),
        Part(server.url("/cookies"), select=("article",), remove=(".ad",)),
    )
    return Target(
        id="acme",
        url=parts[0].url,
        parts=parts,
        language="en",
        min_chars=100,
        allow_private_networks=True,
        **fields,
    )


def check(reactor: ReactorThread, database: Database, targets: Sequence[Target]) -> list[Any]:
    with database.session() as session:
        repo.sync_targets(session, targets)
    recorder = Recorder(database, targets)
    pairs = reactor.run(crawl(fetch_requests(database, targets), recorder, settings=FAST))
    return [result for _notice, result in pairs]


def versions(database: Database, target_id: str = "acme") -> list[Any]:
    with database.session() as session:
        row = repo.get_target(session, target_id)
        return [(v.number, v.text) for v in repo.list_versions(session, row.id)]


def test_pages_are_read_as_one_notice_in_order(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    target = two_pages(server)
    (first,) = check(reactor, sqlite_database, [target])
    assert isinstance(first, FetchOutcome) and first.outcome == "new_version", first
    ((_number, text),) = versions(sqlite_database)
    assert (
        text.index("Acme Privacy Notice") < text.index("Cookies") < text.index("refuse analytics")
    )
    # Each page read with its own select/remove.
    assert "Home Products" not in text and "Accept all cookies" not in text
    assert "Acme Premium" not in text and "Copyright" not in text
    with sqlite_database.session() as session:
        row = repo.get_target(session, "acme")
        snapshot = repo.latest_version(session, row.id).snapshot
        assert is_parts(snapshot.content_type)
        pages = unpack(repo.snapshot_body(snapshot), snapshot.content_type)
    assert [(p.url, p.body) for p in pages] == [
        (server.url("/privacy"), MAIN.encode()),
        (server.url("/cookies"), COOKIES.encode()),
    ]

    # Conditional GET per page: both pages answer 304, the check is "not modified".
    (again,) = check(reactor, sqlite_database, [target])
    assert again.outcome == "not_modified" and again.version == 1, again.describe()
    assert [r.headers.get("If-None-Match") for r in server.requests_for("/privacy")] == [
        None,
        '"main-1"',
    ]
    assert [r.headers.get("If-None-Match") for r in server.requests_for("/cookies")] == [
        None,
        '"cookies-1"',
    ]

    # Only the second page changes: page 1 answers 304 and is read from v1, page 2 in full.
    server.set("/cookies", COOKIES.replace("at any time", "once a year"), etag='"cookies-2"')
    (changed,) = check(reactor, sqlite_database, [target])
    assert changed.outcome == "new_version" and changed.version == 2, changed.describe()
    text = versions(sqlite_database)[-1][1]
    assert "once a year" in text and "Acme Privacy Notice" in text
    assert server.requests_for("/privacy")[-1].headers.get("If-None-Match") == '"main-1"'

    (quiet,) = check(reactor, sqlite_database, [target])
    assert quiet.outcome == "not_modified" and quiet.version == 2, quiet.describe()
    assert server.requests_for("/cookies")[-1].headers.get("If-None-Match") == '"cookies-2"'

    # A forced check (no validators) reads the same pages in full: the same bytes, unchanged.
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    requests = fetch_requests(sqlite_database, [target], force=True)
    ((_n, forced),) = reactor.run(
        crawl(requests, Recorder(sqlite_database, [target]), settings=FAST)
    )
    assert forced.outcome == "unchanged" and forced.version == 2, forced.describe()


@pytest.mark.parametrize("failure", ["404", "refused"])
def test_a_failed_page_fails_the_whole_check(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database, failure: str
) -> None:
    target = two_pages(server)
    assert check(reactor, sqlite_database, [target])[0].outcome == "new_version"
    server.set("/privacy", MAIN.replace("your activity", "your location"))
    if failure == "404":
        server.remove("/cookies")
        expected = "HTTP status 404"
    else:
        closed = NoticeServer()  # a port where nothing listens once closed
        port = closed.port
        closed.close()
        parts = (target.parts[0], Part(f"http://127.0.0.1:{port}/cookies", select=("article",)))
        target = dataclasses.replace(target, parts=parts)
        expected = f"page 2 of 2 (http://127.0.0.1:{port}/cookies): connection refused"
    (outcome,) = check(reactor, sqlite_database, [target])
    assert outcome.outcome == "failed", outcome.describe()
    assert outcome.reason.startswith(expected), outcome.reason
    # No partial version: page 1 changed, but the notice stays at v1.
    assert [number for number, _ in versions(sqlite_database)] == [1]


def test_the_envelope_is_deterministic_and_round_trips() -> None:
    pages = [
        PageBody("https://a.example/1", "text/html; charset=utf-8", b"<p>one</p>\r\n", etag='"x"'),
        PageBody("https://a.example/2", None, b"\x00binary--\r\n--", last_modified="Sun, 1 Jan"),
    ]
    body, content_type = pack(pages)
    assert pack(pages) == (body, content_type)
    assert unpack(body, content_type) == pages
    assert pack(pages[::-1])[0] != body
    document = extract_parts(
        *pack([PageBody("https://a.example/1", "text/html", b"<main><p>One page.</p></main>")] * 2),
        [Part("https://a.example/1", select=("main",))],
    )
    assert document.text.splitlines() == ["One page.", "One page."]


def test_pages_that_answered_304_are_filled_from_the_last_version() -> None:
    old = [
        PageBody("https://a.example/1", "text/html", b"<p>one</p>", etag='"1"'),
        PageBody("https://a.example/2", "text/html", b"<p>two</p>", etag='"2"'),
    ]
    previous, previous_type = pack(old)
    parts = [Part(page.url) for page in old]
    assert validators(previous, previous_type, parts) == (('"1"', None), ('"2"', None))
    assert validators(previous, previous_type, parts[:1]) == ()  # the urls changed
    fetched = [
        PageBody("https://a.example/1", None, b"", etag='"1"', not_modified=True),
        PageBody("https://a.example/2", "text/html", b"<p>deux</p>", etag='"2b"'),
    ]
    body, content_type = pack(fetched)
    assert needs_fill(body, content_type) and not needs_fill(previous, previous_type)
    filled = unpack(*fill(body, content_type, previous, previous_type))
    assert filled == [old[0], fetched[1]]
    with pytest.raises(ValueError, match=r"page 1 of 2 \(https://a.example/1\) answered 304"):
        fill(body, content_type, b"", None)
