"""The web view in the real Chromium (Playwright with the system browser).

A database filled by real crawls (tests/web_db.py): click from the target list
to a change with JavaScript off (the pages need none), check the cards, the
evidence and the diff, read the feed, then visit every page of the hostile
notice with JavaScript on and check that nothing of it ran. Screenshots of the
main pages are taken every run; with NOTICEWATCH_UPDATE_SCREENSHOTS=1 they are
written to docs/screenshots/ (what the README shows).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from monitor.web.app import WebApp
from monitor.web.server import WebServer
from storage.db import open_database
from tests import web_db
from tests.browser import launch_options

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    launch_options()  # skip (or fail on CI) before crawling when there is no Chromium
    crawled = web_db.build(tmp_path_factory.mktemp("webbrowser"))
    database = open_database(crawled.url, upgrade=False, require_current=True)
    server = WebServer(("127.0.0.1", 0), WebApp(database)).start()
    yield server.url
    server.close()
    database.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(**launch_options())
        yield chromium
        chromium.close()


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    if os.environ.get("NOTICEWATCH_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path


def snap(page, folder: Path, name: str, *, full: bool = False) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_click_from_the_list_to_a_change_without_javascript(site, browser, shots) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(site + "/")
    assert page.locator("table.targets tbody tr").count() == 3
    assert page.locator("tr.failing .badge").inner_text().lower() == "failing"
    snap(page, shots, "targets")

    page.get_by_role("link", name="Weavelink").click()
    page.wait_for_url("**/targets/weavelink-eu")
    assert page.locator("ol.timeline li.material").count() == 2
    assert page.locator("ol.timeline li.announcement").count() == 1
    snap(page, shots, "timeline")

    page.get_by_role("link", name="v3", exact=True).click()
    page.wait_for_url("**/targets/weavelink-eu/versions/3")
    card = page.locator(".card.added").first
    assert "New purpose: training AI models" in card.locator(".headline").inner_text()
    assert "legitimate interests" in card.locator("dl").inner_text()
    evidence = card.locator(".context mark").first
    assert evidence.is_visible() and "train" in evidence.inner_text().lower()
    # The evidence sits above the diff, and the diff shows the new row in the new column.
    assert card.bounding_box()["y"] < page.locator("table.sbs").first.bounding_box()["y"]
    inserted = page.locator("td.new").filter(has_text="To train our generative AI models").first
    assert inserted.is_visible()
    colour = inserted.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet applied
    snap(page, shots, "change")
    page.locator(".evidence-of a").first.click()  # from the diff back to the card it proves
    assert page.url.endswith("#card-1")

    page.get_by_role("link", name="inline", exact=True).click()
    page.wait_for_url("**/versions/3?view=inline")
    assert page.locator(".inline-diff ins").count() >= 1 and page.locator("table.sbs").count() == 0

    page.get_by_role("link", name="facts of v3").click()
    assert page.locator(".basis-group h2").count() >= 2
    snap(page, shots, "facts")

    page.goto(site + "/compare")
    page.select_option("select[name=a]", "weavelink-eu")
    page.select_option("select[name=b]", "evilcorp-eu")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare?a=weavelink-eu&b=evilcorp-eu")
    assert page.locator("table.compare tr.differs").count() >= 1
    snap(page, shots, "compare")

    response = page.request.get(site + "/feed.atom")
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.entries
    page.goto(feed.entries[-1].link)  # an entry's link opens its change page
    assert page.locator("h1 .badge.material").is_visible()
    context.close()


def test_xss_payloads_stay_inert(site, browser, shots) -> None:
    context = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in web_db.HOSTILE_PAGES:
        page.goto(site + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelectorAll('script, img, iframe, object').length") == 0
        assert page.locator('a[href^="javascript:"]').count() == 0, path
        assert not page.evaluate(
            "Array.from(document.querySelectorAll('*')).some(e => Array.from(e.attributes).some(a => a.name.startsWith('on')))"
        )
    page.goto(site + "/targets/evilcorp-eu/versions/2")
    body = page.inner_text("body")
    assert "<script>alert(1)</script>" in body  # shown as the words it is
    assert "<img src=x onerror=alert(2)>" in body
    snap(page, shots, "xss-inert")
    page.wait_for_timeout(300)
    assert dialogs == []
    context.close()
