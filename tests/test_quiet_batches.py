"""Fetches that change nothing are recorded in batches, and so are changed pages.

A real crawl (crawler.runner.crawl, the local test server) feeds a real Recorder on
SQLite. Unchanged pages (304 Not Modified, or the same bytes again) get one fetch
log row each, written a batch per transaction; a page that changed in the middle
of a batch is written with that batch (its read pages' transaction, right after the
quiet ones'), its version, change and alerts committed before its result is reported.
"""

from __future__ import annotations

from typing import Any

import pytest
from alert_fixtures import alerting
from sqlalchemy import event, func, select

from crawler import pipelines
from crawler.items import FetchedNotice
from crawler.runner import crawl
from monitor.demo import notice_html
from monitor.record import FetchOutcome, Recorder, fetch_requests
from monitor.targets import Target
from storage import outbox, repo
from storage.models import ChangeRow, FetchRow, VersionRow
from tests.httpserver import NoticeServer, ReactorThread

N = 24
CHANGED = 11  # in the middle of the batch

FAST: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False}


@pytest.fixture()
def server() -> Any:
    with NoticeServer() as srv:
        yield srv


@pytest.fixture()
def hook_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_BATCH_SECRET", "whsec-batch")


def config() -> Any:
    return alerting(
        """
[channels.hook]
type = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "NW_BATCH_SECRET"

[[routes]]
channels = ["hook"]
"""
    )


def targets_on(server: NoticeServer) -> list[Target]:
    return [
        Target(
            id=f"t{i:02d}",
            url=server.url(f"/notice/{i}"),
            service="Weavelink",
            document="Privacy Policy",
            region="EU",
            language="en",
            allow_private_networks=True,
        )
        for i in range(N)
    ]


class Commits:
    """Counts the transactions that wrote something (an INSERT or UPDATE ran in them)."""

    def __init__(self, engine: Any) -> None:
        self.count = 0
        self._wrote = False
        event.listen(engine, "before_cursor_execute", self._execute)
        event.listen(engine, "commit", self._commit)

    def _execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self._wrote = True

    def _commit(self, conn: Any) -> None:
        if self._wrote:
            self.count += 1
        self._wrote = False


def fetches(database: Any, crawl_id: str) -> list[FetchRow]:
    with database.session() as session:
        return list(session.scalars(select(FetchRow).where(FetchRow.crawl_id == crawl_id)))


def run_crawl(
    reactor: ReactorThread,
    database: Any,
    recorder: Recorder,
    targets: list[Target],
    crawl_id: str,
    on_result: Any = None,
) -> list[tuple[FetchedNotice, object]]:
    requests = fetch_requests(database, targets)
    return reactor.run(
        crawl(requests, recorder, settings=FAST, crawl_id=crawl_id, on_result=on_result)
    )


def test_quiet_fetches_are_batched_and_a_change_is_reported_once_committed(
    reactor: ReactorThread,
    server: NoticeServer,
    sqlite_database: Any,
    hook_secret: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    v1, v2 = notice_html("notice_v1.html"), notice_html("notice_v2.html")
    targets = targets_on(server)
    for i in range(N):
        server.set(f"/notice/{i}", v1, etag=f'"v1-{i}"')
    with sqlite_database.session() as session:
        repo.sync_targets(session, targets)
    recorder = Recorder(sqlite_database, targets, alerting=config())

    first = run_crawl(reactor, sqlite_database, recorder, targets, "first")
    assert [r.outcome for _, r in first] == ["new_version"] * N  # type: ignore[attr-defined]

    # All unchanged (304): one fetch row per page, in a few transactions, not one per page.
    monkeypatch.setattr(pipelines, "BATCH_SIZE", 8)
    monkeypatch.setattr(pipelines, "BATCH_SECONDS", 60.0)
    commits = Commits(sqlite_database.engine)
    unchanged = run_crawl(reactor, sqlite_database, recorder, targets, "unchanged")
    assert [r.outcome for _, r in unchanged] == ["not_modified"] * N  # type: ignore[attr-defined]
    assert [r.version for _, r in unchanged] == [1] * N  # type: ignore[attr-defined]
    rows = fetches(sqlite_database, "unchanged")
    assert sorted(r.target_id for r in rows) == sorted(set(r.target_id for r in rows))
    assert len(rows) == N and {r.outcome for r in rows} == {"not_modified"}
    assert all(r.version_id is not None for r in rows)
    assert commits.count == N // 8  # one transaction per batch of 8

    # One page changed in the middle; the others come back with the same bytes (no ETag
    # now, so a 200 each) or as 304s. All wait for the end of the crawl (one batch).
    monkeypatch.setattr(pipelines, "BATCH_SIZE", 1000)
    for i in range(N):
        if i == CHANGED:
            server.set(f"/notice/{i}", v2, etag='"v2"')
        elif i % 2:
            server.set(f"/notice/{i}", v1)  # no validators: the same bytes, a 200
    seen_at_change: dict[str, Any] = {}

    def on_result(notice: FetchedNotice, result: object) -> None:
        if notice.target_id != targets[CHANGED].id:
            return
        assert isinstance(result, FetchOutcome) and result.outcome == "new_version"
        with sqlite_database.session() as session:
            row = repo.get_target(session, notice.target_id)
            assert row is not None
            seen_at_change["versions"] = session.scalar(
                select(func.count()).select_from(VersionRow).where(VersionRow.target_id == row.id)
            )
            seen_at_change["changes"] = session.scalar(
                select(func.count()).select_from(ChangeRow).where(ChangeRow.target_id == row.id)
            )
            seen_at_change["alerts"] = len(outbox.list_alerts(session))
            seen_at_change["severity"] = result.severity
        seen_at_change["fetch_rows"] = [r.target_id for r in fetches(sqlite_database, "mixed")]

    mixed = run_crawl(reactor, sqlite_database, recorder, targets, "mixed", on_result)
    outcomes = {n.target_id: r.outcome for n, r in mixed}  # type: ignore[attr-defined]
    assert outcomes[targets[CHANGED].id] == "new_version"
    assert {o for t, o in outcomes.items() if t != targets[CHANGED].id} == {
        "not_modified",
        "unchanged",
    }
    assert seen_at_change["versions"] == 2 and seen_at_change["changes"] == 2
    if seen_at_change["severity"] is not None and seen_at_change["severity"].value in {
        "material",
        "editorial",
    }:
        assert seen_at_change["alerts"] >= 1  # written with the change, in its transaction
    # Reported once its batch was committed: the quiet fetches before it, then the page.
    with sqlite_database.session() as session:
        changed_pk = repo.get_target(session, targets[CHANGED].id).id  # type: ignore[union-attr]
    assert changed_pk in seen_at_change["fetch_rows"]
    assert len(seen_at_change["fetch_rows"]) == N
    rows = fetches(sqlite_database, "mixed")
    assert len(rows) == N and len({r.target_id for r in rows}) == N


def test_a_failing_batch_is_recorded_one_by_one(
    reactor: ReactorThread, server: NoticeServer, sqlite_database: Any, monkeypatch: Any
) -> None:
    targets = targets_on(server)[:4]
    for i in range(4):
        server.set(f"/notice/{i}", notice_html("notice_v1.html"), etag=f'"v1-{i}"')
    with sqlite_database.session() as session:
        repo.sync_targets(session, targets)
    recorder = Recorder(sqlite_database, targets)
    run_crawl(reactor, sqlite_database, recorder, targets, "first")

    def broken(notices: Any) -> Any:
        raise RuntimeError("batch failed")

    monkeypatch.setattr(recorder, "record_quiet", broken)
    results = run_crawl(reactor, sqlite_database, recorder, targets, "again")
    assert [r.outcome for _, r in results] == ["not_modified"] * 4  # type: ignore[attr-defined]
    assert len(fetches(sqlite_database, "again")) == 4
