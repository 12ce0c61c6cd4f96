"""What a crawl frees goes back to the system, and what it holds is bounded.

``crawler.heap`` trims the heap after a read page is recorded; ``crawler.pipelines.READ_AHEAD``
bounds the pages read ahead of their turn (their readings wait in memory).

A real crawl (crawler.runner.crawl, the local test server, a real Recorder on
SQLite) trims the heap after read pages are recorded, never before: each trim comes
after the fetch rows it follows are committed. And glibc's ``malloc_trim`` really
returns freed pages, where it exists.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select

from crawler import heap, pipelines, readers
from crawler.heap import HeapTrimmer, trim_heap
from crawler.items import FetchedNotice, ReadJob
from crawler.middlewares import DecodedTextReleaseMiddleware
from crawler.runner import crawl, crawl_settings
from monitor.demo import notice_html
from monitor.record import Recorder, fetch_requests
from monitor.targets import Target
from storage import repo
from storage.models import FetchRow
from tests.httpserver import NoticeServer, ReactorThread

N = 6


def test_trim_returns_freed_pages_where_glibc_has_malloc_trim() -> None:
    if heap._trim is None:
        pytest.skip("no glibc malloc_trim here: trim_heap does nothing")
    # Holes between live blocks: 100 KB blocks (below mmap's threshold), every tenth kept.
    blocks = [bytes(100_000 + i) for i in range(600)]
    kept = blocks[::10]
    del blocks
    assert trim_heap() is True
    assert len(kept) == 60


def test_trims_at_most_every_interval() -> None:
    now = [100.0]
    trims: list[float] = []
    trimmer = HeapTrimmer(
        every=0.5, trim=lambda: trims.append(now[0]) or True, clock=lambda: now[0]
    )
    for t in (100.0, 100.1, 100.49, 100.5, 100.7, 101.2):
        now[0] = t
        trimmer.recorded()
    assert trims == [100.0, 100.5, 101.2]
    assert trimmer.trims == 3


def test_a_crawl_trims_after_each_recording_not_before(
    reactor: ReactorThread,
    sqlite_database: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows_at_trim: list[int] = []

    def trim() -> bool:
        with sqlite_database.session() as session:
            rows_at_trim.append(session.scalar(select(func.count()).select_from(FetchRow)) or 0)
        return trim_heap()

    class EveryTime(HeapTrimmer):
        def __init__(self) -> None:
            super().__init__(every=0.0, trim=trim)

    monkeypatch.setattr(pipelines, "HeapTrimmer", EveryTime)
    with NoticeServer() as server:
        targets = [
            Target(
                id=f"t{i}", url=server.url(f"/n/{i}"), language="en", allow_private_networks=True
            )
            for i in range(N)
        ]
        for i in range(N):
            server.set(f"/n/{i}", notice_html("notice_v1.html"), etag=f'"v1-{i}"')
        with sqlite_database.session() as session:
            repo.sync_targets(session, targets)
        settings = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_READ_WORKERS": 0}
        recorder = Recorder(sqlite_database, targets)
        first = reactor.run(
            crawl(fetch_requests(sqlite_database, targets), recorder, settings=settings)
        )
        # The second crawl: every page answers 304, recorded in one batch, never trimmed.
        second = reactor.run(
            crawl(
                fetch_requests(sqlite_database, targets),
                recorder,
                settings=settings,
                crawl_id="second",
            )
        )
    assert [r.outcome for _, r in first] == ["new_version"] * N  # type: ignore[attr-defined]
    assert [r.outcome for _, r in second] == ["not_modified"] * N  # type: ignore[attr-defined]
    # One trim per page read, each after its fetch row (and those before it) committed;
    # none for the 304s, which read nothing (a daemon records such checks all the time).
    assert len(rows_at_trim) == N
    assert all(rows >= k for k, rows in enumerate(rows_at_trim, start=1)), rows_at_trim


class CountedReads(Recorder):
    """A Recorder that counts pages whose reading started and that are not recorded yet.

    The first page's reading is held for ``hold`` seconds: the others arrive meanwhile.
    """

    def __init__(self, *args: Any, hold: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hold = hold
        self.lock = threading.Lock()
        self.open = 0
        self.most_open = 0

    def read_job(self, notice: FetchedNotice) -> ReadJob | None:
        job = super().read_job(notice)
        with self.lock:
            self.open += 1
            self.most_open = max(self.most_open, self.open)
        if isinstance(job, ReadJob) and notice.target_id == "t00":
            return ReadJob(_slow, (self.hold, job))
        return job

    def record_read(self, notice: FetchedNotice, reading: object) -> Any:
        try:
            return super().record_read(notice, reading)
        finally:
            with self.lock:
                self.open -= 1


def _slow(hold: float, job: ReadJob) -> object:
    time.sleep(hold)
    return job.run()


@pytest.mark.parametrize("ahead", [3, 100])
def test_pages_are_read_at_most_read_ahead_before_their_turn(
    reactor: ReactorThread,
    sqlite_database: Any,
    monkeypatch: pytest.MonkeyPatch,
    ahead: int,
) -> None:
    n = 12
    monkeypatch.setattr(pipelines, "READ_AHEAD", ahead)
    monkeypatch.setattr(readers, "SPARE_CORES", float("inf"))  # read in this process
    with NoticeServer() as server:
        targets = [
            Target(
                id=f"t{i:02d}",
                url=server.url(f"/n/{i}"),
                language="en",
                allow_private_networks=True,
            )
            for i in range(n)
        ]
        for i in range(n):
            server.set(f"/n/{i}", notice_html("notice_v1.html"), etag=f'"v1-{i}"')
        with sqlite_database.session() as session:
            repo.sync_targets(session, targets)
        recorder = CountedReads(sqlite_database, targets, hold=1.0)
        results = reactor.run(
            crawl(
                fetch_requests(sqlite_database, targets),
                recorder,
                settings={"AUTOTHROTTLE_ENABLED": False},
            )
        )
    # Every page recorded, in order, whatever the bound.
    assert [(m.target_id, r.outcome) for m, r in results] == [  # type: ignore[attr-defined]
        (t.id, "new_version") for t in targets
    ]
    if ahead < n:
        assert recorder.most_open == ahead  # the others waited for t00 to be recorded
    else:
        assert recorder.most_open > 3  # without the bound they are read ahead (the control)


# Scrapy 2.19 decodes a TextResponse with w3lib arguments that w3lib deprecates: its warning,
# not ours (the crawl never asks for ``response.text``; this test does, to decode again).
@pytest.mark.filterwarnings("ignore:The default_encoding and auto_detect_fun:DeprecationWarning")
def test_a_page_waiting_to_be_recorded_does_not_keep_its_decoded_text(
    reactor: ReactorThread,  # installed: Scrapy's crawler object needs one
) -> None:
    """MetaRefreshMiddleware decodes the whole body; the response must not keep that text."""
    settings = crawl_settings()
    refresh = MetaRefreshMiddleware.from_crawler(get_crawler(settings_dict=dict(settings)))
    release = DecodedTextReleaseMiddleware()
    order = settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    # A response goes through the middlewares from the highest order to the lowest.
    assert (
        order["crawler.middlewares.DecodedTextReleaseMiddleware"]
        < order["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"]
    )
    body = ("<html><head><title>Notice</title></head><body>" + "é data " * 20_000).encode()
    request = Request("https://example.org/privacy")
    response = HtmlResponse(request.url, body=body, encoding="utf-8", request=request)
    assert refresh.process_response(request, response) is response
    assert getattr(response, "_cached_ubody", None) is not None  # what the release is for
    assert release.process_response(request, response) is response
    assert getattr(response, "_cached_ubody", None) is None
    assert response.text == body.decode()  # decoded again when asked for
    # A meta refresh is still followed: the release comes after it.
    moved = HtmlResponse(
        request.url,
        body=b'<html><head><meta http-equiv="refresh" content="0; url=/new"></head></html>',
        request=request,
    )
    redirected = refresh.process_response(request, moved)
    assert isinstance(redirected, Request) and redirected.url == "https://example.org/new"
