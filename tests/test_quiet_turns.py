"""A 304 never waits for the reading of a changed page that arrived before it.

Real crawls (crawler.runner.crawl, the local test server, a real Recorder on SQLite).
Pages read are recorded in the order they arrived; a 304 has nothing to read and
joins its batch at once. Were it to wait for its turn behind a page being read, its
response would stay in Scrapy's scraper, and in a cycle of many 304s and a few
changed pages the downloads would stop for the reading (``SCRAPER_SLOT_MAX_ACTIVE_SIZE``).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from crawler import readers
from crawler.items import FetchedNotice, ReadJob
from crawler.runner import crawl
from monitor.demo import notice_html
from monitor.record import FetchOutcome, Recorder, fetch_requests
from monitor.targets import Target
from storage import repo
from storage.models import FetchRow
from tests.httpserver import NoticeServer, ReactorThread

N = 10
#: How long the held reading waits for the 304s before it gives up (the test then fails).
PATIENCE = 20.0


@pytest.fixture()
def server() -> Any:
    with NoticeServer() as srv:
        yield srv


def _held(release: threading.Event, released: list[bool], job: ReadJob) -> object:
    released.append(release.wait(PATIENCE))
    return job.run()


class HeldRead(Recorder):
    """A Recorder whose reading of ``held`` waits until ``release`` is set (or PATIENCE ends)."""

    def __init__(self, *args: Any, held: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held
        self.release = threading.Event()
        #: Whether the held reading was released in time, once per reading.
        self.released: list[bool] = []

    def read_job(self, notice: FetchedNotice) -> ReadJob | None:
        job = super().read_job(notice)
        if isinstance(job, ReadJob) and notice.target_id == self.held:
            return ReadJob(_held, (self.release, self.released, job))
        return job


def test_304s_are_recorded_while_a_changed_page_is_still_being_read(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    v1, v2 = notice_html("notice_v1.html"), notice_html("notice_v2.html")
    targets = [
        Target(
            id=f"t{i:02d}",
            url=server.url(f"/notice/{i}"),
            language="en",
            allow_private_networks=True,
        )
        for i in range(N)
    ]
    for i in range(N):
        server.set(f"/notice/{i}", v1, etag=f'"v1-{i}"')
    with sqlite_database.session() as session:
        repo.sync_targets(session, targets)
    settings = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_READ_WORKERS": 0}
    recorder = HeldRead(sqlite_database, targets, held=targets[0].id)
    recorder.release.set()
    first = reactor.run(
        crawl(fetch_requests(sqlite_database, targets), recorder, settings=settings)
    )
    assert [r.outcome for _, r in first] == ["new_version"] * N  # type: ignore[attr-defined]

    # t00 changed and answers at once; the others answer 304, later, while t00 is read.
    server.set("/notice/0", v2, etag='"v2-0"')
    for i in range(1, N):
        server.set(f"/notice/{i}", v1, etag=f'"v1-{i}"', delay=0.3)
    monkeypatch.setattr(readers, "SPARE_CORES", float("inf"))  # read in this process
    recorder.release.clear()
    recorder.released.clear()
    quiet_seen: list[str] = []

    def on_result(notice: FetchedNotice, result: object) -> None:
        assert isinstance(result, FetchOutcome)
        if result.outcome == "not_modified":
            quiet_seen.append(notice.target_id)
            if len(quiet_seen) == N - 1:
                recorder.release.set()  # every 304 is recorded: the reading may end

    second = reactor.run(
        crawl(
            fetch_requests(sqlite_database, targets),
            recorder,
            settings=settings,
            crawl_id="second",
            on_result=on_result,
        )
    )
    outcomes = {n.target_id: r.outcome for n, r in second}  # type: ignore[attr-defined]
    assert outcomes == {"t00": "new_version"} | {t.id: "not_modified" for t in targets[1:]}
    # The 304s were recorded (batch committed, results reported) while t00 was still read.
    assert recorder.released == [True]
    assert sorted(quiet_seen) == [t.id for t in targets[1:]]
    with sqlite_database.session() as session:
        rows = session.scalars(select(FetchRow).where(FetchRow.crawl_id == "second")).all()
    assert len(rows) == N and len({r.target_id for r in rows}) == N
