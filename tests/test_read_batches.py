"""Read pages (new or changed) are recorded in batches, and a batch is all or nothing.

A real Recorder on a real SQLite file. A batch killed half way (SIGKILL, in a process of
its own) leaves nothing behind: no fetch row, no version, no alert, and the validators of
before, so the next cycle asks with them, gets the changed pages again and alerts their
changes. A bad page in a batch costs only its own record; two pages of one target in one
batch are compared one after the other; a page's result is reported once it is committed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crawler.items import FetchedNotice, ProcessingError, ReadJob
from crawler.runner import crawl
from monitor.demo import notice_html
from monitor.record import FetchOutcome, Recorder, fetch_requests
from monitor.targets import Target
from storage import outbox, repo
from storage.db import open_database
from storage.models import FetchRow, VersionRow
from tests.httpserver import NoticeServer, ReactorThread
from tests.test_quiet_batches import config

N = 4
SECRET_ENV = "NW_BATCH_SECRET"  # the webhook of test_quiet_batches.config
FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False, "NOTICEWATCH_READ_WORKERS": 0}
ROOT = Path(__file__).resolve().parent.parent


def targets_at(urls: list[str]) -> list[Target]:
    return [
        Target(
            id=f"r{i}",
            url=url,
            service="Weavelink",
            document="Privacy Policy",
            region="EU",
            language="en",
            allow_private_networks=True,
        )
        for i, url in enumerate(urls)
    ]


def page(target: Target, body: bytes, *, etag: str | None = None, crawl_id: str) -> FetchedNotice:
    headers = {"content-type": "text/html; charset=utf-8"}
    if etag is not None:
        headers["etag"] = etag
    return FetchedNotice(
        target_id=target.id,
        url=target.url,
        final_url=target.url,
        status=200,
        headers=headers,
        body=body,
        fetched_at=datetime.now(UTC),
        duration_ms=5.0,
        crawl_id=crawl_id,
    )


def read(recorder: Recorder, notice: FetchedNotice) -> tuple[FetchedNotice, object]:
    job = recorder.read_job(notice)
    assert isinstance(job, ReadJob)
    return notice, job.run()


def kill_half_way(db_url: str, urls: list[str]) -> None:
    """Run in a process of its own: read the changed pages, die while writing their batch."""
    database = open_database(db_url)
    targets = targets_at(urls)
    recorder = Recorder(database, targets, alerting=config())
    body = notice_html("notice_v2.html").encode("utf-8")
    pages = [
        read(recorder, page(t, body, etag=f'"v2-{i}"', crawl_id="killed"))
        for i, t in enumerate(targets)
    ]
    add_change, calls = repo.add_change, []

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) > N // 2:  # half of the batch's pages written, in its transaction
            os.kill(os.getpid(), signal.SIGKILL)
        return add_change(*args, **kwargs)

    repo.add_change = dying  # type: ignore[assignment]
    recorder.record_reads(pages)
    raise AssertionError("the batch was written: the process was not killed")


def counts(database: Any) -> tuple[int, int, int]:
    with database.session() as session:
        fetches = session.scalar(select(func.count()).select_from(FetchRow)) or 0
        versions = session.scalar(select(func.count()).select_from(VersionRow)) or 0
        return fetches, versions, len(outbox.list_alerts(session))


def test_a_batch_killed_half_way_loses_nothing_the_next_cycle_alerts_the_change(
    reactor: ReactorThread,
    sqlite_database: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SECRET_ENV, "whsec-read-batch")
    v1, v2 = notice_html("notice_v1.html"), notice_html("notice_v2.html")
    with NoticeServer() as server:
        urls = [server.url(f"/p/{i}") for i in range(N)]
        targets = targets_at(urls)
        for i in range(N):
            server.set(f"/p/{i}", v1, etag=f'"v1-{i}"')
        with sqlite_database.session() as session:
            repo.sync_targets(session, targets)
        recorder = Recorder(sqlite_database, targets, alerting=config())
        first = reactor.run(
            crawl(fetch_requests(sqlite_database, targets), recorder, settings=FAST)
        )
        assert [r.outcome for _, r in first] == ["new_version"] * N  # type: ignore[attr-defined]
        before = counts(sqlite_database)
        assert before == (N, N, 0)

        # The pages change; a recording of them is killed half way through its batch.
        for i in range(N):
            server.set(f"/p/{i}", v2, etag=f'"v2-{i}"')
        db_url = str(sqlite_database.url)
        script = (
            "import sys, json\n"
            "from tests.test_read_batches import kill_half_way\n"
            "kill_half_way(sys.argv[1], json.loads(sys.argv[2]))\n"
        )
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
        }
        done = subprocess.run(
            [sys.executable, "-c", script, db_url, json.dumps(urls)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == -signal.SIGKILL, done.stderr

        # Nothing of the batch is left, and the validators are those of before the batch.
        assert counts(sqlite_database) == before
        requests = fetch_requests(sqlite_database, targets)
        assert [r.etag for r in requests] == [f'"v1-{i}"' for i in range(N)]

        # The next cycle asks with them, gets the changed pages and alerts every change.
        again = reactor.run(crawl(requests, recorder, settings=FAST, crawl_id="again"))
    outcomes = [r for _, r in again]
    assert [r.outcome for r in outcomes] == ["new_version"] * N  # type: ignore[attr-defined]
    assert [r.version for r in outcomes] == [2] * N  # type: ignore[attr-defined]
    assert {r.severity.value for r in outcomes} == {"material"}  # type: ignore[attr-defined]
    fetches, versions, alerts = counts(sqlite_database)
    assert (fetches, versions) == (2 * N, 2 * N)
    assert alerts == N  # one per changed target, committed with its change


def test_a_bad_page_costs_only_its_own_record_and_results_follow_commits(
    reactor: ReactorThread, sqlite_database: Any
) -> None:
    class OneBadPage(Recorder):
        def record_read(self, notice: FetchedNotice, reading: object) -> Any:
            if notice.target_id == "r1":
                raise RuntimeError("a bad page")
            return super().record_read(notice, reading)

    seen: dict[str, int] = {}
    with NoticeServer() as server:
        targets = targets_at([server.url(f"/p/{i}") for i in range(N)])
        for i in range(N):
            server.set(f"/p/{i}", notice_html("notice_v1.html"), etag=f'"v1-{i}"')
        with sqlite_database.session() as session:
            repo.sync_targets(session, targets)
        recorder = OneBadPage(sqlite_database, targets)

        def on_result(notice: FetchedNotice, result: object) -> None:
            # Reported only once committed: another session sees the page's fetch row.
            with sqlite_database.session() as session:
                row = repo.get_target(session, notice.target_id)
                assert row is not None
                seen[notice.target_id] = (
                    session.scalar(
                        select(func.count())
                        .select_from(FetchRow)
                        .where(FetchRow.target_id == row.id)
                    )
                    or 0
                )

        results = reactor.run(
            crawl(
                fetch_requests(sqlite_database, targets),
                recorder,
                settings=FAST,
                on_result=on_result,
            )
        )
    by_target = {n.target_id: r for n, r in results}
    assert isinstance(by_target["r1"], ProcessingError)
    assert {t: r.outcome for t, r in by_target.items() if t != "r1"} == {  # type: ignore[attr-defined]
        "r0": "new_version",
        "r2": "new_version",
        "r3": "new_version",
    }
    assert seen == {"r0": 1, "r1": 0, "r2": 1, "r3": 1}


def test_two_pages_of_one_target_in_one_batch_are_compared_in_order(
    sqlite_database: Any,
) -> None:
    (target,) = targets_at(["http://127.0.0.1:9/notice"])
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(sqlite_database, [target])
    v1 = notice_html("notice_v1.html").encode("utf-8")
    v2 = notice_html("notice_v2.html").encode("utf-8")
    # Both read before either is recorded: each reading knows no version yet.
    pages = [read(recorder, page(target, body, crawl_id="twice")) for body in (v1, v2, v2)]
    outcomes = recorder.record_reads(pages)
    assert all(isinstance(o, FetchOutcome) for o in outcomes)
    assert [(o.outcome, o.version) for o in outcomes] == [
        ("new_version", 1),
        ("new_version", 2),
        ("unchanged", 2),
    ]
    assert outcomes[0].severity is not None and outcomes[0].severity.value == "first"
    assert outcomes[1].severity is not None and outcomes[1].severity.value == "material"
