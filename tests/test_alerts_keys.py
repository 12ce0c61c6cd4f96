"""Alert keys and Message-IDs: unique per installation and alert, the same on every retry of one alert.

A receiver de-duplicates on the key (the README's example does), so two installations
watching the same notice, or a database rebuilt from scratch, must never hand it the same
key for different alerts; and a retried alert must keep its key, or the receiver could
not drop the second copy.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import alert_fixtures
import pytest
from alert_fixtures import alerting, make_target, record_change
from sqlalchemy import text
from webhook_sink import WebhookSink

from monitor.alerts.context import Envelope, IncidentContext
from monitor.alerts.dispatcher import Dispatcher
from monitor.alerts.email_content import incident_email
from monitor.alerts.enqueue import enqueue_change_alerts, render_payload
from monitor.alerts.keys import incident_key, message_id
from storage.db import open_database
from storage.installation import installation_id
from storage.models import AlertRow, ChangeRow, VersionRow

LATER = timedelta(hours=2)


@pytest.fixture(autouse=True)
def _secret(monkeypatch) -> None:
    monkeypatch.setenv("NW_TEST_KEYS_SECRET", "keys-test-secret")


def config(url: str = "http://127.0.0.1:9/hook") -> str:
    return f"""
[channels.mail]
type = "email"
to = "dpo@example.org"
from = "noticewatch@example.org"
smtp_host = "127.0.0.1"
security = "none"

[channels.hook]
type = "webhook"
url = "{url}"
secret_env = "NW_TEST_KEYS_SECRET"

[[routes]]
channels = ["mail", "hook"]
"""


def same_change(url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, str, str]]:
    """Record the very same change (notice, texts, channels) in the database at ``url``.

    Returns channel -> (key, Message-ID or webhook key, text hash of the new version).
    """
    # record_change numbers its bodies to keep them apart; start again, so both
    # databases store byte-identical versions (the case where content keys collided).
    monkeypatch.setattr(alert_fixtures, "_bodies", itertools.count(1))
    database = open_database(url)
    try:
        recorded = record_change(database, alerting(config()), make_target())
        with database.session() as session:
            change = session.get(ChangeRow, recorded.change_id)
            text_sha256 = session.get(VersionRow, change.to_version_id).text_sha256
            rows = [session.get(AlertRow, alert_id) for alert_id in recorded.alert_ids]
    finally:
        database.dispose()
    return {
        row.channel: (
            row.idempotency_key,
            row.payload.get("message_id") or row.payload["body"],
            text_sha256,
        )
        for row in rows
    }


def test_two_installations_never_share_a_key(tmp_path, monkeypatch) -> None:
    first = same_change(f"sqlite:///{tmp_path / 'a.db'}", monkeypatch)
    second = same_change(f"sqlite:///{tmp_path / 'b.db'}", monkeypatch)
    assert sorted(first) == sorted(second) == ["hook", "mail"]
    for channel in first:
        key_a, sent_a, text_a = first[channel]
        key_b, sent_b, text_b = second[channel]
        assert text_a == text_b  # the same notice text: only the installation tells them apart
        assert key_a != key_b
        assert key_a in sent_a and key_b in sent_b and key_a not in sent_b
    assert first["mail"][1] != second["mail"][1]  # Message-IDs too


def test_a_rebuilt_database_does_not_reuse_keys(tmp_path, monkeypatch) -> None:
    path = tmp_path / "noticewatch.db"
    before = same_change(f"sqlite:///{path}", monkeypatch)
    for leftover in tmp_path.glob("noticewatch.db*"):
        leftover.unlink()
    after = same_change(f"sqlite:///{path}", monkeypatch)
    assert {key for key, _, _ in before.values()}.isdisjoint(key for key, _, _ in after.values())


def test_a_retried_alert_keeps_its_key(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'noticewatch.db'}"
    database = open_database(url)
    with WebhookSink([500, 200]) as sink:
        cfg = alerting(
            config(sink.url).replace('channels = ["mail", "hook"]', 'channels = ["hook"]')
        )
        try:
            recorded = record_change(database, cfg, make_target())
            dispatcher = Dispatcher(database, cfg)
            t = datetime.now(UTC)
            assert dispatcher.dispatch_once(t).retried == 1
            with database.session() as session:
                row = session.get(AlertRow, recorded.alert_ids[0])
                change = session.get(ChangeRow, recorded.change_id)
                # Enqueueing the same change again finds its key and adds nothing.
                assert enqueue_change_alerts(session, cfg, make_target(), change, "material") == []
        finally:
            database.dispose()
        # A restarted process (a new engine on the same file) sends the retry.
        database = open_database(url)
        try:
            assert Dispatcher(database, cfg).dispatch_once(t + LATER).sent == 1
            with database.session() as session:
                again = session.get(AlertRow, recorded.alert_ids[0])
                rerendered = render_payload(session, again, cfg.channels["hook"])
        finally:
            database.dispose()
    assert sink.answered == [500, 200]
    keys = {r.header("X-Noticewatch-Idempotency-Key") for r in sink.requests}
    assert keys == {row.idempotency_key} == {again.idempotency_key}
    assert len({r.body for r in sink.requests}) == 1
    assert rerendered == again.payload  # rendered again from the rows: the same key inside


def test_the_installation_id_is_made_once(database) -> None:
    """Made by the first caller, kept by every later one; two first callers at once agree."""
    with database.session() as session:
        made = installation_id(session)
        # Another transaction asks before this one commits: it waits for it, then reads this id.
        seen: list[str] = []
        other = threading.Thread(target=lambda: seen.append(_read(database)))
        other.start()
        if database.dialect == "postgresql":
            _wait_for_a_lock_wait(database)
        assert installation_id(session) == made
    other.join(timeout=30)
    assert seen == [made]
    with database.session() as session:
        assert installation_id(session) == made
    assert len(made) == 32 and int(made, 16) >= 0


def _read(database) -> str:
    with database.session() as session:
        return installation_id(session)


def _wait_for_a_lock_wait(database, timeout: float = 10.0) -> None:
    """Until some session of this database waits on a lock (the other insert, on ours)."""
    deadline = time.monotonic() + timeout
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while time.monotonic() < deadline:
        with database.engine.connect() as conn:
            if conn.scalar(query):
                return
        time.sleep(0.01)
    raise AssertionError("the second insert never waited for the first")


def test_incident_keys_differ_by_installation_and_still_thread() -> None:
    when = datetime(2025, 10, 1, 8, 30, tzinfo=UTC)
    opened = IncidentContext(1, make_target(), "blocked", "opened", when, None, 3, None, "a" * 32)
    elsewhere = replace(opened, installation="b" * 32)
    assert incident_key(opened, "mail") != incident_key(elsewhere, "mail")
    resolved = replace(opened, event="resolved", resolved_at=when + LATER)
    env = Envelope(incident_key(resolved, "mail"), "operational", "mail", when + LATER)
    email = incident_email(resolved, env)
    assert email.headers["In-Reply-To"] == message_id(incident_key(opened, "mail"))
