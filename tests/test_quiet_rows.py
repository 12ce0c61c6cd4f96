"""A batch of quiet fetches writes the rows that recording them one by one writes.

``Recorder.record_quiet`` writes a batch's 304s with two executemany statements (the
targets' UPDATE, the fetch rows' INSERT) instead of row objects; ``Recorder.process``
records each fetch on its own. Twin targets get the same fetches, one twin through
each path, on SQLite and PostgreSQL: their target, fetch and incident rows, and the
outcomes reported, must be the same (ids and times aside).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from crawler.items import FetchedNotice
from monitor.demo import notice_html
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import Database
from storage.models import FetchRow, IncidentRow, TargetRow

PAGE = notice_html("notice_v1.html").encode("utf-8")

#: Each twin's story: new version first (or nothing), failures, then the quiet batch.
CASES = {
    "ok": {"first": True, "failures": 0, "batch": ["304"]},
    "failing": {"first": True, "failures": 3, "batch": ["304"]},
    "one-failure": {"first": True, "failures": 1, "batch": ["304"]},
    "same": {"first": True, "failures": 0, "batch": ["same"]},
    "both": {"first": True, "failures": 0, "batch": ["304", "same"]},
    "twice": {"first": True, "failures": 0, "batch": ["304", "304"]},
    "never-read": {"first": False, "failures": 0, "batch": ["304"]},
}


def fetched(slug: str, kind: str) -> FetchedNotice:
    error = kind == "error"
    return FetchedNotice(
        target_id=slug,
        url=f"http://127.0.0.1/{slug}",
        final_url=None if error else f"http://127.0.0.1/{slug}",
        status={"304": 304, "error": None}.get(kind, 200),
        headers={} if kind in {"304", "error"} else {"content-type": "text/html; charset=utf-8"},
        body=PAGE if kind in {"200", "same"} else b"",
        fetched_at=datetime.now(UTC),
        duration_ms=2.5,
        crawl_id=f"crawl-{kind}",
        error="connection refused" if error else None,
        error_kind="connection" if error else None,
    )


def rows_of(database: Database, slug: str) -> dict[str, Any]:
    with database.session() as session:
        target = session.scalars(select(TargetRow).where(TargetRow.slug == slug)).one()
        fetches = session.scalars(
            select(FetchRow).where(FetchRow.target_id == target.id).order_by(FetchRow.id)
        )
        incidents = session.scalars(
            select(IncidentRow).where(IncidentRow.target_id == target.id).order_by(IncidentRow.id)
        )
        versions = {v.id: v.number for v in repo.list_versions(session, target.id)}
        return {
            "target": (
                target.status,
                target.consecutive_failures,
                target.etag,
                target.last_modified,
                target.last_checked_at is not None,
            ),
            "fetches": [
                (
                    f.crawl_id,
                    f.duration_ms,
                    f.http_status,
                    (f.final_url or "").replace(slug, "SLUG"),
                    f.outcome,
                    f.anomaly_kind,
                    f.error,
                    f.snapshot_id is not None,
                    versions.get(f.version_id),
                )
                for f in fetches
            ],
            "incidents": [
                (i.kind, i.last_error, i.failures, i.resolved_at is not None) for i in incidents
            ],
        }


def test_a_batch_of_quiet_fetches_writes_what_one_by_one_writes(database: Database) -> None:
    slugs = {(path, case): f"{path}-{case}" for path in ("batch", "single") for case in CASES}
    targets = [Target(id=slug, url=f"http://127.0.0.1/{slug}") for slug in slugs.values()]
    with database.session() as session:
        repo.sync_targets(session, targets)
    recorder = Recorder(database, targets)
    for (_, case), slug in slugs.items():
        if CASES[case]["first"]:
            assert recorder.process(fetched(slug, "200")).outcome == "new_version"
        for _ in range(CASES[case]["failures"]):
            assert recorder.process(fetched(slug, "error")).outcome == "failed"

    batch = [fetched(slugs["batch", c], kind) for c in CASES for kind in CASES[c]["batch"]]
    single = [fetched(slugs["single", c], kind) for c in CASES for kind in CASES[c]["batch"]]
    batched = recorder.record_quiet(batch)
    one_by_one = [recorder.process(notice) for notice in single]

    def comparable(outcome: Any) -> tuple[Any, ...]:
        return (outcome.outcome, outcome.http_status, outcome.version, outcome.reason)

    assert [comparable(o) for o in batched] == [comparable(o) for o in one_by_one]
    assert {o.outcome for o in batched} == {"not_modified", "unchanged"}
    for case in CASES:
        assert rows_of(database, slugs["batch", case]) == rows_of(
            database, slugs["single", case]
        ), case
    # The batch closed the open incident, as a single fetch does.
    assert rows_of(database, slugs["batch", "failing"])["incidents"] == [
        ("failing", "connection refused", 3, True)
    ]
    assert rows_of(database, slugs["batch", "twice"])["target"][:2] == ("ok", 0)
