"""What a crawl frees while recording goes back to the system (``crawler.heap``).

A real crawl (crawler.runner.crawl, the local test server, a real Recorder on
SQLite) trims the heap after pages are recorded, never before: each trim comes
after the fetch rows it follows are committed. And glibc's ``malloc_trim`` really
returns freed pages, where it exists.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from crawler import heap, pipelines
from crawler.heap import HeapTrimmer, trim_heap
from crawler.runner import crawl
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
        # The second crawl: every page answers 304, recorded in one batch, trimmed after it.
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
    # One trim per recorded fetch, each after its fetch row (and those before it) committed.
    assert len(rows_at_trim) == 2 * N
    assert all(rows >= k for k, rows in enumerate(rows_at_trim, start=1)), rows_at_trim
    assert rows_at_trim[N:] == [2 * N] * N  # the batch of 304s was committed before any trim
