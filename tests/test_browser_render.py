"""render = "browser": a page built by JavaScript, through the real Chromium, in a real crawl.

The local page ships an empty ``<div id="app">`` and a script that fetches the
notice's paragraphs from ``/notice.json`` and writes them into the page, as
single-page applications do. Fetched plainly it is an empty shell (and the anomaly
says so); rendered, it is a notice whose change is recorded like any other.
Tests that need Chromium skip without it (fail on CI), see tests/browser.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from crawler.runner import crawl
from monitor.record import FetchOutcome, Recorder, fetch_requests
from monitor.targets import Target
from storage import repo
from storage.db import Database
from tests.browser import chromium_or_skip
from tests.httpserver import NoticeServer, ReactorThread
from tests.test_crawler import target

FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_RETRY_BACKOFF": 0.1}

SHELL = """<!doctype html><html lang="en"><head><title>Acme privacy</title></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="app"></div>
<script>
fetch("/notice.json").then(r => r.json()).then(notice => {
  const root = document.createElement("main");
  root.id = "notice";
  const title = document.createElement("h1");
  title.textContent = notice.title;
  root.appendChild(title);
  for (const text of notice.paragraphs) {
    const p = document.createElement("p");
    p.textContent = text;
    root.appendChild(p);
  }
  document.getElementById("app").appendChild(root);
});
</script></body></html>"""

PARAGRAPHS = [
    "We collect your name, email address and IP address to provide the service to you.",
    "With your consent we show you personalised advertising based on your activity.",
    "You can object to processing and withdraw your consent at any time in the settings.",
    "We keep your data for as long as your account exists and delete it within 30 days after.",
]


def notice_json(paragraphs: Sequence[str]) -> str:
    return json.dumps({"title": "Acme Privacy Notice", "paragraphs": list(paragraphs)})


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        yield srv


def browser_target(server: NoticeServer, target_id: str, path: str, **fields: Any) -> Target:
    fields.setdefault("render", "browser")
    fields.setdefault("language", "en")
    return target(server, target_id, path, **fields)


def check(
    reactor: ReactorThread,
    database: Database,
    targets: Sequence[Target],
    *,
    timeout: float = 120.0,
    **settings: Any,
) -> list[FetchOutcome]:
    """One real crawl of ``targets`` recorded into ``database``, as ``recrawl`` does it."""
    with database.session() as session:
        repo.sync_targets(session, targets)
    recorder = Recorder(database, targets)
    requests = fetch_requests(database, targets)
    pairs = reactor.run(crawl(requests, recorder, settings={**FAST, **settings}), timeout=timeout)
    return [result for _notice, result in pairs]  # type: ignore[misc]


def test_a_page_built_by_javascript_is_rendered_and_its_change_recorded(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    chromium_or_skip()
    server.set("/privacy", SHELL, etag='"shell-1"')  # the shell never changes; its data does
    server.set("/notice.json", notice_json(PARAGRAPHS), content_type="application/json")
    target = browser_target(server, "spa", "/privacy", wait_for="#notice p")

    (first,) = check(reactor, sqlite_database, [target])
    assert first.outcome == "new_version", first.describe()
    assert server.count("/notice.json") == 1  # the page's own script ran, in the browser

    # The next request of the page's script gets another notice: a new version.
    server.set(
        "/notice.json",
        notice_json([*PARAGRAPHS[:3], "We sell your data to our advertising partners."]),
        content_type="application/json",
    )
    (second,) = check(reactor, sqlite_database, [target])
    assert second.outcome == "new_version" and second.version == 2, second.describe()
    with sqlite_database.session() as session:
        latest = repo.latest_version(session, repo.get_target(session, "spa").id)
        assert "We sell your data to our advertising partners." in latest.text
        assert "delete it within 30 days" not in latest.text
    # No conditional GET for a rendered page: the page came back in full each time.
    assert all("If-None-Match" not in r.headers for r in server.requests_for("/privacy"))

    # The same page again: unchanged.
    (third,) = check(reactor, sqlite_database, [target])
    assert third.outcome == "unchanged" and third.version == 2, third.describe()


def test_the_same_page_fetched_plainly_says_it_needs_a_browser(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    server.set("/privacy", SHELL)
    target = browser_target(server, "shell", "/privacy", render="static")
    (outcome,) = check(reactor, sqlite_database, [target])
    assert outcome.outcome == "anomaly"
    assert outcome.reason is not None
    assert outcome.reason.startswith('this page needs a browser: set render = "browser"')


def test_a_hung_page_is_a_failed_fetch_never_a_change(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    chromium_or_skip()
    server.set("/privacy", SHELL)
    server.set("/notice.json", notice_json(PARAGRAPHS), content_type="application/json")
    target = browser_target(server, "hangs", "/privacy", wait_for="#notice p", timeout=3.0)
    (first,) = check(reactor, sqlite_database, [target])
    assert first.outcome == "new_version", first.describe()

    # The page's data never comes: wait_for times out. Then the page itself never answers.
    server.set("/notice.json", "{}", content_type="application/json", delay=60)
    (stuck,) = check(reactor, sqlite_database, [target], RETRY_TIMES=0)
    server.set("/privacy", SHELL, delay=60)
    (hung,) = check(reactor, sqlite_database, [target], RETRY_TIMES=0)
    for outcome in (stuck, hung):
        assert outcome.outcome == "failed", outcome.describe()
        assert outcome.reason == "no response within 3 s"
    with sqlite_database.session() as session:
        row = repo.get_target(session, "hangs")
        assert [v.number for v in repo.list_versions(session, row.id)] == [1]


def test_without_chromium_a_browser_target_fails_alone_naming_the_package(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTICEWATCH_CHROMIUM", "/nonexistent/chromium")
    server.set("/privacy", SHELL)
    server.set(
        "/plain", "<html><body><main><p>" + " ".join(PARAGRAPHS) + "</p></main></body></html>"
    )
    targets = [
        browser_target(server, "spa", "/privacy"),
        browser_target(server, "plain", "/plain", render="static"),
    ]
    spa, plain = check(reactor, sqlite_database, targets)
    assert spa.outcome == "failed"
    assert spa.reason == (
        "this target needs a browser and NOTICEWATCH_CHROMIUM='/nonexistent/chromium' is not an "
        "executable: install Chromium (Debian/Ubuntu: apt-get install chromium) or set "
        "NOTICEWATCH_CHROMIUM to its executable"
    )
    assert plain.outcome == "new_version", plain.describe()
    assert server.count("/privacy") == 0


def test_a_browser_target_respects_allow_private_networks(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    server.set("/privacy", SHELL)
    target = browser_target(server, "intranet", "/privacy", allow_private_networks=False)
    (outcome,) = check(reactor, sqlite_database, [target])
    assert outcome.outcome == "failed"
    assert outcome.reason == (
        "refused: 127.0.0.1 is a loopback address (allow_private_networks = true allows it)"
    )
    assert server.count("/privacy") == 0


def test_browser_pages_are_capped(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Database
) -> None:
    chromium_or_skip()
    page = (
        "<html><body><main><h1>Notice</h1><p>" + " ".join(PARAGRAPHS) + "</p></main></body></html>"
    )
    targets = []
    for i in range(5):
        server.set(f"/n{i}", page, delay=0.5)
        targets.append(browser_target(server, f"n{i}", f"/n{i}"))
    outcomes = check(reactor, sqlite_database, targets, NOTICEWATCH_BROWSER_PAGES=2)
    assert [o.outcome for o in outcomes] == ["new_version"] * 5, [o.describe() for o in outcomes]
    assert server.max_in_flight <= 2


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:8080/app.js", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata address"),
        ("https://[::1]/x", "::1 is a loopback address"),
        ("http://localhost/x", "localhost resolves to"),
        ("data:text/plain,hello", None),
        ("http://192.0.2.1.nip.invalid/", None),  # a name that does not resolve: Chromium says so
    ],
)
def test_the_page_requests_a_browser_target_may_not_make(url: str, problem: str | None) -> None:
    """What the page guard refuses (each request a rendered page makes is checked like this)."""
    import asyncio

    from crawler.render import private_problem

    found = asyncio.run(private_problem(url))
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem), found
