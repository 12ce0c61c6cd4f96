"""The outbox on SQLite and PostgreSQL: enqueue with the change, claim under a lease, back off, retry."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from alert_fixtures import alerting, make_target, record_change
from sqlalchemy import func, select

from monitor.alerts import enqueue
from monitor.alerts.config import Delivery
from monitor.alerts.dispatcher import backoff_seconds, next_attempt
from monitor.model import Severity
from storage import outbox, repo
from storage.models import AlertRow, ChangeRow

CONFIG = """
[channels.mail]
type = "email"
to = "dpo@example.org"
from = "noticewatch@example.org"
smtp_host = "127.0.0.1"
security = "none"
timeout = 5

[channels.hook]
type = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "NW_TEST_HOOK_SECRET"
timeout = 5

[[routes]]
channels = ["mail", "hook"]

[[routes]]
channels = ["hook"]
min_severity = "editorial"

[operational]
channels = ["mail"]

[delivery]
max_attempts = 3
backoff_seconds = 10
backoff_max_seconds = 100
lease_seconds = 60
"""


@pytest.fixture
def cfg():
    return alerting(CONFIG)


def now() -> datetime:
    return datetime.now(UTC)


def test_enqueue_writes_one_row_per_channel(database, cfg) -> None:
    recorded = record_change(database, cfg, make_target())
    with database.session() as session:
        rows = outbox.list_alerts(session)
        assert [(r.channel, r.kind, r.status, r.attempts) for r in rows] == [
            ("mail", "change", "pending", 0),
            ("hook", "change", "pending", 0),
        ]
        assert {r.change_id for r in rows} == {recorded.change_id}
        assert len({r.idempotency_key for r in rows}) == 2
        mail, hook = rows
        assert mail.payload["type"] == "email" and mail.payload["subject"].startswith(
            "[noticewatch] Weavelink"
        )
        assert hook.payload["type"] == "webhook" and hook.payload["event"] == "change.material"
        # Idempotent: enqueueing the same change again adds nothing.
        change = session.get(ChangeRow, recorded.change_id)
        assert (
            enqueue.enqueue_change_alerts(session, cfg, make_target(), change, Severity.MATERIAL)
            == []
        )

    editorial = record_change(
        database, cfg, make_target(), severity=Severity.EDITORIAL, fact_changes=()
    )
    first_only = record_change(
        database, cfg, make_target("other"), severity=Severity.FIRST, fact_changes=()
    )
    with database.session() as session:
        by_change = {
            r.change_id: r.channel
            for r in outbox.list_alerts(session)
            if r.change_id != recorded.change_id
        }
    assert by_change == {editorial.change_id: "hook"}
    assert first_only.alert_ids == []


def test_alerts_roll_back_with_the_change(database, cfg) -> None:
    class Crash(Exception):
        pass

    with pytest.raises(Crash), database.session() as session:
        record = _record_in(session, cfg)
        assert len(record) == 2
        raise Crash
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AlertRow)) == 0
        assert session.scalar(select(func.count()).select_from(ChangeRow)) == 0


def _record_in(session, cfg):
    """Like record_change, inside the caller's transaction."""
    from alert_fixtures import AI_TRAINING, document, one_hunk_diff

    from monitor.model import Change, Facts

    target = make_target()
    repo.sync_targets(session, [target])
    row = repo.get_target(session, target.id)
    snap = repo.put_snapshot(session, b"<p>v1</p>", "text/html")
    facts = Facts(language="en")
    v1 = repo.add_version(
        session, row, snapshot=snap, document=document(["a"]), facts=facts, fetched_at=now()
    )
    snap2 = repo.put_snapshot(session, b"<p>v2</p>", "text/html")
    v2 = repo.add_version(
        session, row, snapshot=snap2, document=document(["b"]), facts=facts, fetched_at=now()
    )
    change = Change(Severity.MATERIAL, one_hunk_diff("a", "b"), (AI_TRAINING,))
    change_row = repo.add_change(session, row, from_version=v1, to_version=v2, change=change)
    return enqueue.enqueue_change_alerts(session, cfg, target, change_row, Severity.MATERIAL)


def test_claim_lease_and_expiry(database, cfg) -> None:
    record_change(database, cfg, make_target())
    t = now()
    with database.session() as session:
        mine = outbox.claim_due(session, worker="A", now=t, limit=10, lease_seconds=60)
    assert [(r.status, r.claimed_by, r.attempts) for r in mine] == [("sending", "A", 1)] * 2
    assert all(r.claimed_until == t + timedelta(seconds=60) for r in mine)
    with database.session() as session:
        assert (
            outbox.claim_due(
                session, worker="B", now=t + timedelta(seconds=59), limit=10, lease_seconds=60
            )
            == []
        )
    # A dies; once its lease is over, B takes the alerts over.
    with database.session() as session:
        taken = outbox.claim_due(
            session, worker="B", now=t + timedelta(seconds=61), limit=1, lease_seconds=60
        )
    assert [(r.claimed_by, r.attempts) for r in taken] == [("B", 2)]
    # A's late verdicts cannot touch B's alert ...
    with database.session() as session:
        assert outbox.mark_retry(session, taken[0].id, "late", retry_at=t, worker="A") == "lost"
        assert outbox.mark_failed(session, taken[0].id, "late", worker="A") is False
    # ... but a delivery is a delivery, whoever reports it.
    with database.session() as session:
        assert outbox.mark_sent(session, taken[0].id, now=t) is True
        assert outbox.mark_sent(session, taken[0].id, now=t) is False
        assert session.get(AlertRow, taken[0].id).status == "sent"


def test_only_due_alerts_are_claimed(database, cfg) -> None:
    t = now()
    record_change(database, cfg, make_target(), now=t + timedelta(minutes=5))
    with database.session() as session:
        assert outbox.claim_due(session, worker="A", now=t, limit=10) == []
        assert (
            len(outbox.claim_due(session, worker="A", now=t + timedelta(minutes=5), limit=10)) == 2
        )


def test_backoff_then_dead(database, cfg) -> None:
    recorded = record_change(database, cfg, make_target())
    with database.session() as session:  # follow one alert only
        outbox.mark_sent(session, recorded.alert_ids[1])
    rng = random.Random(7)
    t = now()
    statuses = []
    for attempt in range(1, 4):
        with database.session() as session:
            (row,) = outbox.claim_due(session, worker="A", now=t, limit=1, lease_seconds=60)
        assert row.attempts == attempt
        with database.session() as session:
            statuses.append(
                outbox.mark_retry(
                    session,
                    row.id,
                    f"boom {attempt}",
                    retry_at=next_attempt(row.attempts, cfg.delivery, t, rng=rng),
                    worker="A",
                )
            )
            row = session.get(AlertRow, row.id)
            if statuses[-1] == "pending":
                delay = (row.next_attempt_at - t).total_seconds()
                assert 1.0 <= delay <= min(100, 10 * 2 ** (attempt - 1)) + 0.001
                t = row.next_attempt_at
    assert statuses == ["pending", "pending", "dead"]
    with database.session() as session:
        row = session.get(AlertRow, row.id)
        assert (row.status, row.last_error, row.next_attempt_at, row.claimed_by) == (
            "dead",
            "boom 3",
            None,
            None,
        )
        assert outbox.status_counts(session) == {"dead": 1, "sent": 1}
        assert [r.id for r in outbox.list_alerts(session, "dead")] == [row.id]
    with database.session() as session:
        assert outbox.retry_all_dead(session, now=t) == 1
    with database.session() as session:
        row = session.get(AlertRow, row.id)
        assert (row.status, row.attempts) == ("pending", 0)


def test_retry_after_is_respected(database, cfg) -> None:
    record_change(database, cfg, make_target())
    t = now()
    with database.session() as session:
        row = outbox.claim_due(session, worker="A", now=t, limit=1)[0]
        retry_at = next_attempt(row.attempts, cfg.delivery, t, retry_after=90)
        outbox.mark_retry(session, row.id, "429", retry_at=retry_at, worker="A")
        assert session.get(AlertRow, row.id).next_attempt_at >= t + timedelta(seconds=90)


def test_backoff_is_capped_with_full_jitter() -> None:
    delivery = Delivery(backoff_seconds=30, backoff_max_seconds=3600)
    rng = random.Random(1)
    draws = [backoff_seconds(20, delivery, rng) for _ in range(500)]
    assert max(draws) <= 3600 and min(draws) >= 1.0
    assert max(draws) > 3000 and min(draws) < 600  # spread over the whole range, not clustered
    assert all(backoff_seconds(1, delivery, rng) <= 30 for _ in range(100))


def test_failed_and_manual_retry(database, cfg) -> None:
    record_change(database, cfg, make_target())
    t = now()
    with database.session() as session:
        row = outbox.claim_due(session, worker="A", now=t, limit=1)[0]
        assert outbox.mark_failed(session, row.id, "HTTP 400: bad payload", worker="A")
    with database.session() as session:
        assert (
            outbox.claim_due(session, worker="A", now=t + timedelta(days=1), limit=10)[0].id
            != row.id
        )
    with database.session() as session:
        again = outbox.retry(session, row.id, now=t)
        assert (again.status, again.attempts) == ("pending", 0)
        outbox.mark_sent(session, row.id, now=t)
    with (
        database.session() as session,
        pytest.raises(outbox.AlertNotRetryable, match="already delivered"),
    ):
        outbox.retry(session, row.id)
    with database.session() as session, pytest.raises(outbox.AlertNotFound):
        outbox.retry(session, 999_999)


def test_operational_alerts(database, cfg) -> None:
    target = make_target()
    with database.session() as session:
        repo.sync_targets(session, [target])
        row = repo.get_target(session, target.id)
        row.consecutive_failures = 3
        incident = repo.open_incident(session, row, "blocked", "bot wall")
        opened = enqueue.enqueue_operational(session, cfg, target, incident, "opened")
        assert enqueue.enqueue_operational(session, cfg, target, incident, "opened") == []
    with database.session() as session:
        row = repo.get_target(session, target.id)
        incident = repo.resolve_incident(session, row)
        resolved = enqueue.enqueue_operational(session, cfg, target, incident, "resolved")
    assert [a.channel for a in opened] == ["mail"] and [a.channel for a in resolved] == ["mail"]
    assert opened[0].idempotency_key != resolved[0].idempotency_key
    assert opened[0].kind == "operational" and opened[0].incident_id == incident.id
    assert (
        "blocked" in opened[0].payload["subject"] and "recovered" in resolved[0].payload["subject"]
    )
    assert resolved[0].payload["headers"]["In-Reply-To"] == opened[0].payload["message_id"]


def test_no_alerting_config_enqueues_nothing(database) -> None:
    assert record_change(database, None, make_target()).alert_ids == []
    assert record_change(database, alerting(""), make_target("b")).alert_ids == []


def test_unreadable_change_still_records_and_enqueues(database, cfg) -> None:
    """A rendering problem must never cost the change: the alert waits, unrendered, and says why."""
    from alert_fixtures import AI_TRAINING, document, one_hunk_diff

    from monitor.alerts.dispatcher import Dispatcher
    from monitor.model import Change, Facts

    target = make_target()
    with database.session() as session:
        repo.sync_targets(session, [target])
        row = repo.get_target(session, target.id)
        facts = Facts(language="en")
        versions = [
            repo.add_version(
                session,
                row,
                snapshot=repo.put_snapshot(session, f"<p>{i}</p>".encode(), "text/html"),
                document=document([str(i)]),
                facts=facts,
                fetched_at=now(),
            )
            for i in (1, 2)
        ]
        change = Change(Severity.MATERIAL, one_hunk_diff("1", "2"), (AI_TRAINING,))
        change_row = repo.add_change(
            session, row, from_version=versions[0], to_version=versions[1], change=change
        )
        change_row.facts_delta = [{"not": "a fact change"}]  # written by some future version
        alerts = enqueue.enqueue_change_alerts(session, cfg, target, change_row, Severity.MATERIAL)
        assert [a.payload for a in alerts] == [{"v": 1, "include_diff": True}] * 2
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ChangeRow)) == 1
    report = Dispatcher(database, cfg).dispatch_once()
    assert report.retried == 2 and "cannot render the alert" in report.errors[0]
