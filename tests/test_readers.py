"""Pages are read (extract + analyse) in a pool of worker processes, when that pays.

Real crawls (crawler.runner.crawl, the local test server) feed a real Recorder on
SQLite; the pool's workers are real spawned processes. What must hold: the same
rows as reading everything in the crawl's own process, recorded in the order the
notices arrived (whichever read finished first); no pool for a single page; a
worker that dies is a failed check of the page that killed it, logged with a
clear error, while the pages read next to it are recorded as usual.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler import readers
from crawler.items import FetchedNotice, ReaderCrashed, ReadJob
from crawler.runner import crawl
from monitor.config import parse_watchlist
from monitor.demo import notice_html
from monitor.errors import NoticewatchError
from monitor.record import FetchOutcome, Recorder, fetch_requests, read_page
from monitor.targets import Target
from storage import repo
from storage.db import Database, open_database
from storage.models import ChangeRow, FetchRow, TargetRow, VersionRow
from tests.httpserver import NoticeServer, ReactorThread

N = 12
CRASH = b"<!-- reader: crash here -->"


@pytest.fixture(scope="module")
def reactor() -> ReactorThread:
    return ReactorThread.get()


@pytest.fixture()
def server() -> Any:
    with NoticeServer() as srv:
        yield srv


def page(i: int) -> str:
    """Page 0 is the longest: read in a pool, the later pages finish first."""
    extra = "".join(
        f"<p>Section {i}.{k}: we use your contact details and usage data to provide "
        f"service {i}, on the basis of our legitimate interests.</p>"
        for k in range(30 * (N - i))
    )
    return notice_html("notice_v1.html").replace("</main>", f"{extra}</main>")


def targets_on(server: NoticeServer, n: int = N) -> list[Target]:
    return [
        Target(
            id=f"t{i:02d}",
            url=server.url(f"/notice/{i}"),
            language="en",
            allow_private_networks=True,
        )
        for i in range(n)
    ]


def watched(
    server: NoticeServer, database: Database, n: int = N, body: Callable[[int], str] = page
) -> list[Target]:
    """``n`` notices on the server, their targets known to the database."""
    for i in range(n):
        server.set(f"/notice/{i}", body(i))
    targets = targets_on(server, n)
    with database.session() as session:
        repo.sync_targets(session, targets)
    return targets


class Arrivals(Recorder):
    """A Recorder that notes the order notices reached the pipeline (its read_job)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrived: list[str] = []

    def read_job(self, notice: FetchedNotice) -> ReadJob | None:
        self.arrived.append(notice.target_id)
        return super().read_job(notice)


def run(
    reactor: ReactorThread, database: Database, recorder: Recorder, workers: int
) -> list[tuple[FetchedNotice, object]]:
    targets = list(recorder.targets.values())
    settings = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_READ_WORKERS": workers}
    return reactor.run(crawl(fetch_requests(database, targets), recorder, settings=settings))


def recorded(database: Database) -> dict[str, Any]:
    """What a crawl left in the database, per target, without ids and times."""
    with database.session() as session:
        rows = slugs(session)
        versions = {
            rows[v.target_id]: (v.number, v.text, v.text_sha256, v.blocks, v.facts)
            for v in session.scalars(select(VersionRow))
        }
        changes = {
            rows[c.target_id]: (c.severity, c.summary) for c in session.scalars(select(ChangeRow))
        }
    return {"versions": versions, "changes": changes}


def slugs(session: Any) -> dict[int, str]:
    return {t.id: t.slug for t in session.scalars(select(TargetRow))}


def reader_log(caplog: pytest.LogCaptureFixture) -> str:
    lines = [r.getMessage() for r in caplog.records if r.name == "crawler.pipelines"]
    return "\n".join(lines)


def test_a_pool_records_the_same_rows_in_the_order_of_arrival(
    reactor: ReactorThread,
    server: NoticeServer,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for i in range(N):
        server.set(f"/notice/{i}", page(i))
    targets = targets_on(server)
    monkeypatch.setattr(readers, "POOL_BACKLOG", 1)
    # The pool from the first page on, however busy the machine.
    monkeypatch.setattr(readers, "SPARE_CORES", float("-inf"))
    results = {}
    for workers in (0, 2):
        database = open_database(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        with database.session() as session:
            repo.sync_targets(session, targets)
        recorder = Arrivals(database, targets)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="crawler.pipelines"):
            pairs = run(reactor, database, recorder, workers)
        assert [r.outcome for _, r in pairs] == ["new_version"] * N  # type: ignore[attr-defined]
        if workers:
            assert f"0 page(s) in this process, {N} in worker processes" in reader_log(caplog)
        else:
            assert f"{N} page(s) in this process, 0 in worker processes" in reader_log(caplog)
        # Recorded in the order the notices arrived, whichever read finished first.
        with database.session() as session:
            names = slugs(session)
            order = [
                names[f.target_id] for f in session.scalars(select(FetchRow).order_by(FetchRow.id))
            ]
        assert order == recorder.arrived and sorted(order) == [t.id for t in targets]
        results[workers] = recorded(database)
        database.engine.dispose()
    assert results[0] == results[2]  # the very same versions, facts and changes
    assert len(results[2]["versions"]) == N


def test_one_page_never_starts_a_pool(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    targets = watched(server, sqlite_database, 1)
    with caplog.at_level(logging.INFO, logger="crawler.pipelines"):
        pairs = run(reactor, sqlite_database, Recorder(sqlite_database, targets), 5)
    assert pairs[0][1].outcome == "new_version"  # type: ignore[attr-defined]
    assert "1 page(s) in this process, 0 in worker processes" in reader_log(caplog)
    (mine,) = [r for by_size in readers._shared.values() for n, r in by_size.items() if n == 5]
    assert mine.started_pools == 0 and not mine.pooled


def test_a_busy_machine_reads_in_its_own_process(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No idle core: a pool would only add its start-up."""
    targets = watched(server, sqlite_database, 4)
    monkeypatch.setattr(readers, "POOL_BACKLOG", 1)
    monkeypatch.setattr(readers, "SPARE_CORES", 1000.0)
    with caplog.at_level(logging.INFO, logger="crawler.pipelines"):
        pairs = run(reactor, sqlite_database, Recorder(sqlite_database, targets), 6)
    assert [r.outcome for _, r in pairs] == ["new_version"] * 4  # type: ignore[attr-defined]
    assert "4 page(s) in this process, 0 in worker processes" in reader_log(caplog)
    assert readers.spare_cores() <= readers.usable_cores()


def test_crawls_share_one_pool_until_it_idles(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The daemon's crawls, one after another, keep the warm workers; idle, they go."""
    targets = watched(server, sqlite_database, 4)
    monkeypatch.setattr(readers, "POOL_BACKLOG", 1)
    monkeypatch.setattr(readers, "SPARE_CORES", float("-inf"))  # however busy the machine
    monkeypatch.setattr(readers, "IDLE_SECONDS", 60.0)
    workers = 3  # a size no other test uses: a Readers of its own
    first = Recorder(sqlite_database, targets[:2])
    settings = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_READ_WORKERS": workers}
    reactor.run(crawl(fetch_requests(sqlite_database, targets[:2]), first, settings=settings))
    (shared,) = [r for by_size in readers._shared.values() for n, r in by_size.items() if n == 3]
    assert shared.pooled and shared.started_pools == 1
    monkeypatch.setattr(readers, "IDLE_SECONDS", 0.2)
    second = Recorder(sqlite_database, targets[2:])
    pairs = reactor.run(
        crawl(fetch_requests(sqlite_database, targets[2:]), second, settings=settings)
    )
    assert [r.outcome for _, r in pairs] == ["new_version"] * 2  # type: ignore[attr-defined]
    assert shared.started_pools == 1  # the same pool, its workers warm
    deadline = time.monotonic() + 10
    while shared.pooled and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not shared.pooled  # stopped once idle


def crash_or_read(*args: Any) -> object:
    """In a worker: die like a crashing C extension on the marked page, else read it."""
    if CRASH in args[0]:
        os._exit(3)
    return read_page(*args)


class Crashing(Recorder):
    """A Recorder whose reading of the marked page kills the process doing it."""

    def read_job(self, notice: FetchedNotice) -> ReadJob | None:
        job = super().read_job(notice)
        return ReadJob(crash_or_read, job.args) if job is not None else None


def test_a_worker_that_dies_is_a_failed_read_of_its_page_only(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crashing = 5
    targets = watched(
        server,
        sqlite_database,
        body=lambda i: (
            page(i).replace("</main>", f"{CRASH.decode()}</main>") if i == crashing else page(i)
        ),
    )
    monkeypatch.setattr(readers, "POOL_BACKLOG", 1)
    # Never read in this (the test's) process, however busy the machine.
    monkeypatch.setattr(readers, "SPARE_CORES", float("-inf"))
    pairs = run(reactor, sqlite_database, Crashing(sqlite_database, targets), 2)
    outcomes = {n.target_id: r for n, r in pairs}
    dead = outcomes.pop(targets[crashing].id)
    assert isinstance(dead, FetchOutcome) and dead.outcome == "failed"
    assert dead.reason and "reading the page failed: ReaderCrashed" in dead.reason
    assert "ended abruptly" in dead.reason
    assert {r.outcome for r in outcomes.values()} == {"new_version"}  # type: ignore[attr-defined]
    with sqlite_database.session() as session:
        names = slugs(session)
        rows = {names[f.target_id]: f for f in session.scalars(select(FetchRow))}
        assert len(rows) == N  # no fetch lost
        assert rows[targets[crashing].id].outcome == "failed"
        assert "ended abruptly" in (rows[targets[crashing].id].error or "")
        row = repo.get_target(session, targets[crashing].id)
        assert row is not None and repo.latest_version(session, row.id) is None  # no change
    assert issubclass(ReaderCrashed, NoticewatchError)


def test_read_workers_setting(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTICEWATCH_READ_WORKERS", raising=False)
    path = tmp_path / "watchlist.toml"
    good = parse_watchlist({"settings": {"read_workers": 3}, "targets": []}, file=path)
    assert good.settings.crawl_settings()["NOTICEWATCH_READ_WORKERS"] == 3
    plain = parse_watchlist({"targets": []}, file=path)
    assert "NOTICEWATCH_READ_WORKERS" not in plain.settings.crawl_settings()
    monkeypatch.setenv("NOTICEWATCH_READ_WORKERS", "0")  # the environment over the watchlist
    assert good.settings.crawl_settings()["NOTICEWATCH_READ_WORKERS"] == "0"
    flags = {"NOTICEWATCH_READ_WORKERS": 1}  # a command-line flag over both
    assert good.settings.crawl_settings(flags)["NOTICEWATCH_READ_WORKERS"] == 1
    for bad in (-1, "two", 2.5, True):
        with pytest.raises(NoticewatchError, match=r"settings\.read_workers"):
            parse_watchlist({"settings": {"read_workers": bad}, "targets": []}, file=path)
    assert readers.workers_from(None) == readers.default_workers() >= 1
    assert readers.workers_from("0") == 0
    with pytest.raises(ValueError, match="NOTICEWATCH_READ_WORKERS"):
        readers.workers_from("many")


def test_idle_cores_are_the_idle_share_of_the_cpu_time_since_the_last_reading() -> None:
    """2 CPUs, 4 s: 400 jiffies in all, 200 idle: one core sat idle (the other read pages)."""
    times = iter([(1000, 4000, 2), (1200, 4400, 2), (1200, 4800, 2)])
    clock = iter([0.0, 4.0, 8.0])
    meter = readers.IdleMeter(read=lambda: next(times), clock=lambda: next(clock))
    assert meter.idle_cores() == pytest.approx(1.0)
    assert meter.idle_cores() == pytest.approx(0.0)  # both cores busy since


def test_idle_cores_say_nothing_over_a_too_short_or_stale_window() -> None:
    times = iter([(0, 0, 2), (10, 20, 2), (900, 1000, 2), (5000, 90000, 2), (5001, 90002, 2)])
    clock = iter([0.0, 0.1, 1.0, 1.0 + readers.IDLE_WINDOW_MAX + 1, readers.IDLE_WINDOW_MAX + 2.1])
    meter = readers.IdleMeter(read=lambda: next(times), clock=lambda: next(clock))
    assert meter.idle_cores() is None  # 0.1 s: too short; the window stays open ...
    assert meter.idle_cores() == pytest.approx(1.8)  # ... and is read over 1 s
    assert meter.idle_cores() is None  # more than IDLE_WINDOW_MAX later: stale
    assert meter.idle_cores() is None  # too short, and no answer since the stale one


def test_a_window_too_short_keeps_the_last_answer_not_the_load_average(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages arrive many times a second: between two windows, the last one's answer stands.
    The 1-minute load average would count the crawl's own busy thread as other work."""
    times = iter([(0, 0, 2), (180, 400, 2), (181, 402, 2), (181, 403, 2)])
    clock = iter([0.0, 2.0, 2.1, 2.2])
    meter = readers.IdleMeter(read=lambda: next(times), clock=lambda: next(clock))
    monkeypatch.setattr(readers, "_meter", meter)
    monkeypatch.setattr(readers.os, "getloadavg", lambda: (1.9, 1.9, 1.9))
    monkeypatch.setattr(readers, "usable_cores", lambda: 2)
    assert readers.spare_cores() == pytest.approx(0.9)  # the crawl busy, one core idle
    assert readers.spare_cores() == pytest.approx(0.9)  # 0.1 s later: the same answer
    assert readers.spare_cores() == pytest.approx(0.9)  # not 2 - 1.9


def test_cpu_times_are_read_from_proc_stat(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    stat.write_text(
        "cpu  100 5 20 300 10 0 2 3 0 0\ncpu0 50 2 10 150 5 0 1 1 0 0\n"
        "cpu1 50 3 10 150 5 0 1 2 0 0\nintr 1 2 3\n"
    )
    assert readers.read_cpu_times(str(stat)) == (310, 440, 2)
    assert readers.read_cpu_times(str(tmp_path / "missing")) is None


def test_the_default_pool_has_one_reader_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading costs about three times what the crawl's process spends recording a page:
    one reader per core keeps every core busy (see ``default_workers``)."""
    for cores, workers in ((1, 1), (2, 2), (4, 4), (8, 8)):
        monkeypatch.setattr(readers.os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert readers.usable_cores() == cores
        assert readers.default_workers() == workers
        assert readers.workers_from(None) == workers


def test_the_first_pages_of_a_large_crawl_wait_for_the_pool(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Read in the crawl's process, the first page would load the reader there too (~50 MB)."""
    targets = watched(server, sqlite_database, 6)
    monkeypatch.setattr(readers, "_shared", weakref.WeakKeyDictionary())  # a fresh Readers
    monkeypatch.setattr(readers, "POOL_BACKLOG", 6)
    monkeypatch.setattr(readers, "SPARE_CORES", float("-inf"))
    monkeypatch.setattr(readers, "FIRST_READ_WAIT", 60.0)  # the backlog ends the wait, not this
    with caplog.at_level(logging.INFO, logger="crawler.pipelines"):
        pairs = run(reactor, sqlite_database, Recorder(sqlite_database, targets), 1)
    assert [r.outcome for _, r in pairs] == ["new_version"] * 6  # type: ignore[attr-defined]
    assert "0 page(s) in this process, 6 in worker processes" in reader_log(caplog)


#: Evaluated in a worker: the top-level packages it holds (eval, a builtin, pickles by name).
LOADED = "sorted({name.split('.')[0] for name in __import__('sys').modules})"


def fails(message: str) -> object:
    raise ValueError(message)


def test_a_reader_process_is_a_plain_interpreter_without_a_resource_tracker() -> None:
    """No Scrapy, Twisted, SQLAlchemy or command line in a reader, no tracker process beside it."""
    from multiprocessing import resource_tracker

    pool = readers.ReaderPool(1)
    try:
        held = pool.submit(eval, LOADED).result(timeout=60)
        failed = pool.submit(fails, "not a notice")
        with pytest.raises(ValueError, match="not a notice") as raised:
            failed.result(timeout=60)
    finally:
        pool.shutdown()
    assert not {"scrapy", "twisted", "sqlalchemy", "monitor"} & set(held)
    assert "fails" in str(raised.value.__cause__)  # the worker's traceback, as text
    assert resource_tracker._resource_tracker._pid is None  # never started


def test_a_broken_reader_pool_fails_every_job_it_held_and_refuses_more() -> None:
    pool = readers.ReaderPool(2)
    try:
        jobs = [pool.submit(os._exit, 3)] + [pool.submit(time.sleep, 0.5) for _ in range(4)]
        for job in jobs:
            with pytest.raises(readers.BrokenProcessPool, match="exit code"):
                job.result(timeout=60)
        with pytest.raises(readers.BrokenProcessPool):
            pool.submit(time.sleep, 0)
    finally:
        pool.shutdown()


EXITS_WITH_A_POOL = """
from crawler.readers import ReaderPool
pool = ReaderPool(1)
print(pool.submit(eval, "__import__('os').getpid()").result(), flush=True)
pool.submit(eval, "__import__('time').sleep(2)")  # still reading when this process ends
"""


def test_a_crawl_that_exits_waits_for_its_readers() -> None:
    """No reader outlives the crawl's process: the crawl reaps it, so its CPU time is the
    crawl's (what ``wait4`` reports, as bench/peers.py measures), as with concurrent.futures."""
    proc = subprocess.Popen([sys.executable, "-c", EXITS_WITH_A_POOL], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    reader = int(proc.stdout.readline())
    assert proc.wait(60) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(reader, 0)  # ended and reaped, not left running or a zombie
