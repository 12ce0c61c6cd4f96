"""The web view over HTTP (a real server on 127.0.0.1) on a database filled by real crawls.

Pages, JSON documents, Atom feeds (parsed with feedparser and checked against
RFC 4287's required elements), authentication, and the escaping of notice text.
The browser half is in test_web_browser.py.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest

from monitor.web.app import WebApp
from monitor.web.auth import Auth, AuthConfigError, check_bind, load_auth
from monitor.web.server import WebServer
from storage.db import open_database
from tests import web_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> web_db.WebDatabase:
    return web_db.build(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def site(crawled: web_db.WebDatabase) -> Iterator[str]:
    database = open_database(crawled.url, upgrade=False, require_current=True)
    server = WebServer(("127.0.0.1", 0), WebApp(database)).start()
    yield server.url
    server.close()
    database.dispose()


def get(url: str, *, accept: str | None = None, auth: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url)
    if accept:
        request.add_header("Accept", accept)
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def text(url: str) -> str:
    status, _, body = get(url)
    assert status == 200, (url, status, body[:500])
    return body.decode("utf-8")


def test_targets_list_shows_status_last_check_and_last_material_change(site: str) -> None:
    page = text(site + "/")
    assert "Weavelink" in page and "Regional Privacy Notice" in page
    assert '<span class="badge ok">ok</span>' in page
    assert '<span class="badge failing">failing</span>' in page  # gone-us answered 404
    assert 'href="/targets/weavelink-eu/versions/3"' in page  # the last material change
    # Filters by tag, region and service; the JSON says the same.
    eu = text(site + "/?tag=eu")
    assert 'href="/targets/gone-us"' not in eu and 'href="/targets/weavelink-eu"' in eu
    assert 'href="/targets/gone-us"' in text(site + "/?region=US&service=gon")
    assert 'href="/targets/weavelink-eu"' not in text(site + "/?region=US")
    doc = json.loads(get(site + "/targets.json?tag=evil")[2])
    assert [t["target"] for t in doc["targets"]] == ["evilcorp-eu"]
    assert doc["targets"][0]["status"] == "ok" and doc["total"] == 1
    assert get(site + "/?page=x")[0] == 400


def test_timeline_has_versions_and_the_announcement_on_one_line_of_time(site: str) -> None:
    page = text(site + "/targets/weavelink-eu")
    order = [page.index(f">v{n}</a>") for n in (4, 3, 2, 1)]
    assert order == sorted(order)  # newest first
    assert '<li class="announcement' in page and "2025-11-03" in page
    assert "(announced in <a" in page
    _, headers, body = get(site + "/targets/weavelink-eu", accept="application/json")
    doc = json.loads(body)
    assert headers["Content-Type"].startswith("application/json")
    assert [v["version"] for v in doc["versions"]] == [4, 3, 2, 1]
    assert [v["severity"] for v in doc["versions"]] == [
        "editorial",
        "material",
        "material",
        "first",
    ]
    assert doc["announcements"][0]["effective_date"] == "2025-11-03"


def test_change_page_cards_evidence_and_diff(site: str) -> None:
    page = text(site + "/targets/weavelink-eu/versions/3")
    cards, diff = page.index('<div class="card added"'), page.index("Text changes")
    assert cards < diff
    assert "New purpose: training AI models" in page
    assert "<mark>" in page[cards:diff]  # the evidence, highlighted where it stands
    assert '<td class="new">' in page[diff:] and "<ins>" in page[diff:]
    # The card and the changed place it is proven by point to each other.
    assert '<div class="card added" id="card-1">' in page
    assert '<p class="evidence-of">evidence for <a href="#card-1">New purpose' in page[diff:]
    assert page.count('class="cell ins" href="#hunk-') >= 1  # the change map
    assert 'href="/targets/weavelink-eu/versions/2/snapshot"' in page
    inline = text(site + "/targets/weavelink-eu/versions/3?view=inline")
    assert '<div class="inline-diff">' in inline and "<table" not in inline
    doc = json.loads(get(site + "/targets/weavelink-eu/versions/3.json")[2])
    assert doc["schema"] == "noticewatch.diff/v1"
    assert doc["old"]["number"] == 2 and doc["new"]["number"] == 3
    assert doc["severity"] == "material" and doc["cards"] and doc["hunks"]


def test_snapshot_is_a_sandboxed_download(site: str) -> None:
    status, headers, body = get(site + "/targets/evilcorp-eu/versions/2/snapshot")
    assert status == 200 and b"&lt;script&gt;alert(1)" in body  # the bytes as fetched
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["Content-Security-Policy"] == "sandbox"


def test_facts_and_compare_pages_and_their_json(site: str) -> None:
    page = text(site + "/targets/weavelink-eu/versions/3/facts")
    basis = page.index("<h2>legitimate interests")
    assert basis < page.index("<h4>training AI models", basis)
    doc = json.loads(get(site + "/targets/weavelink-eu/versions/3/facts.json")[2])
    assert doc["schema"] == "noticewatch.facts/v1" and doc["version"]["number"] == 3
    page = text(site + "/compare?a=weavelink-eu&b=evilcorp-eu")
    assert "Differences (" in page and "only in weavelink-eu" in page
    doc = json.loads(get(site + "/compare.json?a=weavelink-eu&b=evilcorp-eu")[2])
    assert doc["schema"] == "noticewatch.compare/v1" and doc["rows"]
    assert get(site + "/compare?a=weavelink-eu&b=nope")[0] == 404


def check_atom(body: bytes, *, ids: set[str] | None = None) -> feedparser.FeedParserDict:
    """Well-formed, and every element RFC 4287 requires is there (feed and entries)."""
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    return parsed


def test_feeds_are_valid_atom_with_stable_ids(site: str) -> None:
    status, headers, body = get(site + "/feed.atom")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    feed = check_atom(body)
    titles = [e.title for e in feed.entries]
    assert any("New purpose: training AI models" in t for t in titles)
    assert all(e.updated_parsed for e in feed.entries)
    assert feed.entries[0].link.startswith(site + "/targets/")
    assert feed.entries == check_atom(get(site + "/feed.atom")[2]).entries  # stable ids
    hostile = [e for e in feed.entries if "evilcorp" in e.link]
    assert hostile and EVIL_IN(hostile[0])
    target = check_atom(get(site + "/targets/weavelink-eu/feed.atom")[2])
    assert {e.link.rsplit("/", 1)[1] for e in target.entries} == {"2", "3"}
    tagged = check_atom(get(site + "/tags/evil/feed.atom")[2])
    assert [e.link.rsplit("/", 1)[1] for e in tagged.entries] == ["2"]
    assert get(site + "/tags/none-such/feed.atom")[0] == 404
    doc = json.loads(get(site + "/feed.atom", accept="application/json")[2])
    assert [e["id"] for e in doc["entries"]] == [e.id for e in feed.entries]
    assert json.loads(get(site + "/targets/weavelink-eu/feed.json")[2])["entries"]


def EVIL_IN(entry: feedparser.FeedParserDict) -> bool:
    """The payload reaches the reader as text inside the HTML content, never as markup."""
    html = entry.content[0].value
    return "&lt;script&gt;" in html and "<script" not in html and "<img" not in html


def test_notice_text_is_escaped_everywhere(site: str) -> None:
    for path in web_db.HOSTILE_PAGES:
        page = text(site + path)
        assert "<script" not in page and "<img" not in page, path
        assert 'href="javascript:' not in page, path
    page = text(site + "/targets/evilcorp-eu/versions/2")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    _, headers, _ = get(site + "/targets/evilcorp-eu/versions/2")
    assert "script-src" not in headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert float(headers["Server-Timing"].split("dur=")[1]) >= 0


def test_unknown_pages_and_methods(site: str) -> None:
    assert get(site + "/targets/nope")[0] == 404
    assert get(site + "/targets/weavelink-eu/versions/99")[0] == 404
    status, _, body = get(site + "/targets/nope.json")
    assert status == 404 and "nope" in json.loads(body)["error"]
    request = urllib.request.Request(site + "/", method="POST", data=b"x")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 405


def test_token_auth_bearer_and_basic(crawled: web_db.WebDatabase, monkeypatch) -> None:
    monkeypatch.setenv("NW_TEST_TOKEN", "s3cret-token-0123456789")
    auth = load_auth("NW_TEST_TOKEN", None)
    database = open_database(crawled.url, upgrade=False)
    server = WebServer(("127.0.0.1", 0), WebApp(database, auth=auth)).start()
    try:
        status, headers, _ = get(server.url + "/")
        assert status == 401 and headers["WWW-Authenticate"].startswith("Basic")
        assert get(server.url + "/feed.atom", auth="Bearer wrong")[0] == 401
        assert get(server.url + "/", auth="Bearer s3cret-token-0123456789")[0] == 200
        basic = base64.b64encode(b"reader:s3cret-token-0123456789").decode()
        assert get(server.url + "/feed.atom", auth=f"Basic {basic}")[0] == 200
    finally:
        server.close()
        database.dispose()


def test_public_address_needs_a_token_or_an_explicit_opt_out(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NOTICEWATCH_WEB_TOKEN", raising=False)
    assert check_bind("127.0.0.1", Auth(), insecure=False) is None
    assert check_bind("::1", Auth(), insecure=False) is None
    with pytest.raises(AuthConfigError, match=r"refusing to serve the web view on 0\.0\.0\.0"):
        check_bind("0.0.0.0", Auth(), insecure=False)
    assert "WITHOUT AUTHENTICATION" in (check_bind("0.0.0.0", Auth(), insecure=True) or "")
    token = tmp_path / "token"
    token.write_text("0123456789abcdef0123\n")
    assert check_bind("0.0.0.0", load_auth(None, str(token)), insecure=False) is None
    token.write_text("short\n")
    with pytest.raises(AuthConfigError, match="shorter than 16"):
        load_auth(None, str(token))
    with pytest.raises(Exception, match="NOT_SET_ANYWHERE is not set"):
        load_auth("NOT_SET_ANYWHERE", None)


EVIL_TEXT = web_db.EVIL_TEXT


@pytest.mark.postgres
def test_the_same_pages_on_postgresql(tmp_path: Path, pg_cluster) -> None:
    with pg_cluster.database() as url:
        crawled = web_db.build(tmp_path, url)
        database = open_database(crawled.url, upgrade=False, require_current=True)
        server = WebServer(("127.0.0.1", 0), WebApp(database)).start()
        try:
            site = server.url
            assert 'href="/targets/weavelink-eu/versions/3"' in text(site + "/?tag=eu")
            assert "(announced in <a" in text(site + "/targets/weavelink-eu")
            assert "<mark>" in text(site + "/targets/weavelink-eu/versions/3")
            assert "<h2>legitimate interests" in text(
                site + "/targets/weavelink-eu/versions/3/facts"
            )
            assert "Differences (" in text(site + "/compare?a=weavelink-eu&b=evilcorp-eu")
            feed = check_atom(get(site + "/tags/eu/feed.atom")[2])
            assert len(feed.entries) == 3  # weavelink v2, v3 and evilcorp v2
            doc = json.loads(get(site + "/targets.json?region=US")[2])
            assert [t["status"] for t in doc["targets"]] == ["failing"]
        finally:
            server.close()
            database.dispose()


def test_long_lists_are_paged(tmp_path: Path) -> None:
    from monitor.targets import Target
    from storage import repo

    database = open_database(f"sqlite:///{tmp_path / 'many.db'}")
    with database.session() as session:
        repo.sync_targets(
            session,
            [
                Target(id=f"svc-{n:03d}", url=f"https://example.test/{n}", service=f"Svc {n:03d}")
                for n in range(120)
            ],
        )
    server = WebServer(("127.0.0.1", 0), WebApp(database)).start()
    try:
        first = text(server.url + "/")
        assert first.count('<tr class="new">') == 50 and "page 1 of 3" in first
        assert 'href="?page=2"' in first and "svc-050" not in first
        last = json.loads(get(server.url + "/targets.json?page=3")[2])
        assert (last["page"], last["pages"], last["total"]) == (3, 3, 120)
        assert [t["target"] for t in last["targets"]] == [f"svc-{n}" for n in range(100, 120)]
        assert 'href="?page=2"' in text(server.url + "/?page=3")  # back
    finally:
        server.close()
        database.dispose()


def test_a_target_that_needs_a_browser_says_so() -> None:
    from types import SimpleNamespace

    from monitor.web.queries import _summary

    row = SimpleNamespace(
        id=1, slug="spa", service="SPA", document="", region=None, options={"tags": ["x"]},
        enabled=True, status="blocked", last_checked_at=None,
    )  # fmt: skip
    fetch = SimpleNamespace(
        outcome="anomaly", anomaly_kind="too_short",
        error='this page needs a browser: set render = "browser"',
    )  # fmt: skip
    assert _summary(row, fetch).status == "needs browser"
    fetch.error = "HTTP status 403: bot wall"
    assert _summary(row, fetch).status == "blocked"
