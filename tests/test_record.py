"""The recording step on its own: one FetchedNotice in, the right rows out."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from crawler.items import FetchedNotice
from monitor import reading
from monitor.model import Document
from monitor.reading import read_document
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import Database
from storage.models import FetchRow

PAGE = (
    b"<html><body><main><h1>Privacy</h1><h2>Data we collect</h2>"
    b"<p>We collect your name, email address and IP address to provide the service.</p>"
    b"<p>With your consent we show you personalised advertising based on your activity.</p>"
    b"<p>You can object to processing and withdraw your consent at any time in the settings."
    b" We answer every request within one month.</p></main></body></html>"
)


class CountingRecorder(Recorder):
    """Counts extractions: the point of the raw-hash shortcut is that none happens."""

    extractions = 0

    def __init__(self, *args: Any, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        def counting(body: bytes, content_type: str | None, target: Target, url: str) -> Document:
            self.extractions += 1
            return read_document(body, content_type, target, url)

        # Every reading goes through reading.read_document (the pool's workers too).
        monkeypatch.setattr(reading, "read_document", counting)


def notice(body: bytes) -> FetchedNotice:
    return FetchedNotice(
        target_id="acme",
        url="http://127.0.0.1/privacy",
        final_url="http://127.0.0.1/privacy",
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=body,
        fetched_at=datetime.now(UTC),
        duration_ms=1.0,
        crawl_id="test",
    )


def test_same_bytes_need_no_extraction(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = Target(id="acme", url="http://127.0.0.1/privacy", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = CountingRecorder(sqlite_database, [target], monkeypatch=monkeypatch)

    assert recorder.process(notice(PAGE)).outcome == "new_version"
    assert recorder.process(notice(PAGE)).outcome == "unchanged"
    assert recorder.extractions == 1

    # Same text, different bytes (noise): extracted, still unchanged.
    assert (
        recorder.process(notice(PAGE.replace(b"<main>", b"<main class='x'>"))).outcome
        == "unchanged"
    )
    assert recorder.extractions == 2

    # The same bytes read another way (new selectors) must be extracted again.
    narrowed = dataclasses.replace(target, select=("main",), remove=("h1",))
    with sqlite_database.session() as session:
        repo.sync_targets(session, [narrowed])
    recorder = CountingRecorder(sqlite_database, [narrowed], monkeypatch=monkeypatch)
    outcome = recorder.process(notice(PAGE))
    assert recorder.extractions == 1 and outcome.outcome == "new_version" and outcome.version == 2
    with sqlite_database.session() as session:
        outcomes = session.scalars(select(FetchRow.outcome).order_by(FetchRow.id)).all()
    assert outcomes == ["new_version", "unchanged", "unchanged", "new_version"]


def test_latest_versions_in_one_query_match_one_by_one(sqlite_database: Database) -> None:
    """record_quiet reads a batch's latest versions at once: the same as one target at a time."""
    targets = [
        Target(id=name, url="http://127.0.0.1/privacy", language="en")
        for name in ("acme", "none", "twice")
    ]
    with sqlite_database.session() as session:
        repo.sync_targets(session, targets)
    recorder = Recorder(sqlite_database, targets)
    assert recorder.process(notice(PAGE)).outcome == "new_version"  # acme: v1
    twice = dataclasses.replace(notice(PAGE), target_id="twice")
    assert recorder.process(twice).version == 1
    changed = PAGE.replace(b"one month", b"thirty days")
    assert recorder.process(dataclasses.replace(twice, body=changed)).version == 2
    with sqlite_database.session() as session:
        rows = repo.get_targets(session, ["twice", "acme", "none", "unknown"])
        assert sorted(rows) == ["acme", "none", "twice"]
        batch = repo.latest_versions(session, [r.id for r in rows.values()], lazy_content=True)
        one_by_one = {
            r.id: v for r in rows.values() if (v := repo.latest_version(session, r.id)) is not None
        }
        assert {pk: v.id for pk, v in batch.items()} == {pk: v.id for pk, v in one_by_one.items()}
        assert sorted(v.number for v in batch.values()) == [1, 2]


def test_a_changed_page_updates_its_target_once_and_keeps_when_it_changed(
    sqlite_database: Database,
) -> None:
    """last_checked_at and last_changed_at (`noticewatch targets`) set in one UPDATE."""
    from sqlalchemy import event

    target = Target(id="acme", url="http://127.0.0.1/privacy", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(sqlite_database, [target])
    first = notice(PAGE)
    assert recorder.process(first).outcome == "new_version"  # first: not a change
    with sqlite_database.session() as session:
        row = repo.get_target(session, "acme")
        assert row.last_changed_at is None and row.last_checked_at == first.fetched_at
    statements: list[str] = []

    def watch(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()))

    changed = dataclasses.replace(
        notice(PAGE.replace(b"one month", b"thirty days")), fetched_at=datetime.now(UTC)
    )
    event.listen(sqlite_database.engine, "before_cursor_execute", watch)
    try:
        outcome = recorder.process(changed)
    finally:
        event.remove(sqlite_database.engine, "before_cursor_execute", watch)
    assert outcome.outcome == "new_version" and outcome.version == 2
    updates = [s for s in statements if s.startswith("UPDATE targets")]
    assert len(updates) == 1 and "last_checked_at" in updates[0]
    assert "last_changed_at" in updates[0]
    assert sum(s.startswith("SELECT versions.blocks, versions.facts") for s in statements) == 1
    with sqlite_database.session() as session:
        row = repo.get_target(session, "acme")
        assert row.last_changed_at == row.last_checked_at == changed.fetched_at
