"""Delivery through real channels: an SMTP server (aiosmtpd) and an HTTP receiver on 127.0.0.1.

Time is driven through ``dispatch_once(now=...)``, never slept: "an hour later"
is a ``now`` an hour ahead.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alert_fixtures import (
    AI_TRAINING,
    HOSTILE,
    SAFE_TAGS,
    alerting,
    make_target,
    parsed,
    record_change,
)
from smtp_sink import SmtpSink, make_certificates
from webhook_sink import WebhookSink

from monitor.alerts.bodies import SCHEMA
from monitor.alerts.dispatcher import Dispatcher, UnknownChannel
from monitor.alerts.headlines import alert_title
from monitor.alerts.webhook import sign, verify_signature
from monitor.model import FactChange
from storage import outbox
from storage.models import AlertRow

SECRET = "whsec-test-7d1f0c2a9b"
SMTP_PASSWORD = "smtp-pass-4e8a1b"
LATER = timedelta(hours=2)  # past any backoff of these configs


def now() -> datetime:
    return datetime.now(UTC)


def email_config(sink: SmtpSink, *, extra: str = "", delivery: str = "") -> str:
    return f"""
[channels.mail]
type = "email"
to = ["dpo@example.org", "legal@example.org"]
from = "Noticewatch <noticewatch@example.org>"
smtp_host = "127.0.0.1"
smtp_port = {sink.port}
security = "none"
timeout = 5
{extra}

[[routes]]
channels = ["mail"]

[delivery]
max_attempts = 4
backoff_seconds = 5
backoff_max_seconds = 60
lease_seconds = 60
{delivery}
"""


def hook_config(
    url: str, *, fmt: str = "noticewatch", extra: str = "", max_attempts: int = 8
) -> str:
    return f"""
[channels.hook]
type = "webhook"
url = "{url}"
secret_env = "NW_TEST_HOOK_SECRET"
format = "{fmt}"
timeout = 5
{extra}

[[routes]]
channels = ["hook"]

[delivery]
max_attempts = {max_attempts}
backoff_seconds = 5
backoff_max_seconds = 60
lease_seconds = 60
"""


@pytest.fixture(autouse=True)
def _secrets(monkeypatch) -> None:
    monkeypatch.setenv("NW_TEST_HOOK_SECRET", SECRET)
    monkeypatch.setenv("NW_TEST_SMTP_PASSWORD", SMTP_PASSWORD)


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


def alert(database, alert_id: int) -> AlertRow:
    with database.session() as session:
        return session.get(AlertRow, alert_id)


# --------------------------------------------------------------------------- email


def test_email_arrives_with_content_and_headers(sqlite_database, smtp) -> None:
    cfg = alerting(email_config(smtp))
    recorded = record_change(sqlite_database, cfg, make_target(service="LinkedIn"))
    report = Dispatcher(sqlite_database, cfg).dispatch_once()
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)

    (received,) = smtp.messages
    row = alert(sqlite_database, recorded.alert_ids[0])
    message = received.message
    assert received.mail_from == "noticewatch@example.org"
    assert received.rcpt_tos == ("dpo@example.org", "legal@example.org")
    # The subject names the top card, rebuilt from the recorded delta.
    assert message["Subject"] == (
        "[noticewatch] LinkedIn — EU Privacy Policy: New purpose: training AI models"
    )
    assert message["From"] == "Noticewatch <noticewatch@example.org>"
    assert message["Message-ID"] == f"<{row.idempotency_key}@noticewatch>"
    assert message["X-Noticewatch-Idempotency-Key"] == row.idempotency_key
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text, html = received.part("plain"), received.part("html")
    assert "* [new] New purpose: training AI models" in text
    assert AI_TRAINING.new_evidence[0] in text
    assert f"noticewatch diff weavelink-eu --from 1 --to {recorded.to_version}" in text
    assert "<ins " in html and "<del " in html
    assert (row.status, row.attempts, row.claimed_by) == ("sent", 1, None)
    # Nothing more to send.
    assert not Dispatcher(sqlite_database, cfg).dispatch_once(now() + LATER)
    assert len(smtp.messages) == 1


def test_hostile_notice_text_arrives_as_text(sqlite_database, smtp) -> None:
    cfg = alerting(email_config(smtp))
    fact = FactChange(
        op="added", fact="data.partners", description="new recipients", new_evidence=(HOSTILE,)
    )
    record_change(sqlite_database, cfg, make_target(), new=HOSTILE, fact_changes=(fact,))
    Dispatcher(sqlite_database, cfg).dispatch_once()
    html = smtp.messages[0].part("html")
    tags = parsed(html)
    assert tags.tags <= SAFE_TAGS
    assert all(not name.startswith("on") for _tag, name, _value in tags.attributes)
    assert all(v.startswith("https://") for _t, name, v in tags.attributes if name == "href")
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(document.cookie)&quot;&gt;" in html


def test_starttls_with_login(sqlite_database, tmp_path) -> None:
    certs = make_certificates(tmp_path / "certs")
    with SmtpSink(tls="starttls", certs=certs, users={"nw": SMTP_PASSWORD}) as sink:
        extra = (
            f'username = "nw"\npassword_env = "NW_TEST_SMTP_PASSWORD"\nca_file = "{certs.ca_file}"'
        )
        cfg = alerting(
            email_config(sink, extra=extra).replace('security = "none"', 'security = "starttls"')
        )
        record_change(sqlite_database, cfg, make_target())
        assert Dispatcher(sqlite_database, cfg).dispatch_once().sent == 1
        assert sink.messages[0].login == "nw"


def test_implicit_tls_and_untrusted_certificate(sqlite_database, tmp_path) -> None:
    certs = make_certificates(tmp_path / "certs")
    with SmtpSink(tls="tls", certs=certs) as sink:
        base = email_config(sink).replace('security = "none"', 'security = "tls"')
        trusted = alerting(base.replace("timeout = 5", f'timeout = 5\nca_file = "{certs.ca_file}"'))
        record_change(sqlite_database, trusted, make_target("a"))
        assert Dispatcher(sqlite_database, trusted).dispatch_once().sent == 1
        # Without the CA the certificate does not verify: a configuration problem, not retried.
        untrusted = alerting(base)
        recorded = record_change(sqlite_database, untrusted, make_target("b"))
        assert Dispatcher(sqlite_database, untrusted).dispatch_once().failed == 1
        row = alert(sqlite_database, recorded.alert_ids[0])
        assert row.status == "failed" and "certificate" in row.last_error
        assert len(sink.messages) == 1


def test_wrong_password_fails_without_leaking_it(sqlite_database, tmp_path, monkeypatch) -> None:
    certs = make_certificates(tmp_path / "certs")
    with SmtpSink(tls="starttls", certs=certs, users={"nw": "the-right-one"}) as sink:
        extra = (
            f'username = "nw"\npassword_env = "NW_TEST_SMTP_PASSWORD"\nca_file = "{certs.ca_file}"'
        )
        cfg = alerting(
            email_config(sink, extra=extra).replace('security = "none"', 'security = "starttls"')
        )
        recorded = record_change(sqlite_database, cfg, make_target())
        report = Dispatcher(sqlite_database, cfg).dispatch_once()
        row = alert(sqlite_database, recorded.alert_ids[0])
        assert report.failed == 1 and row.status == "failed" and "535" in row.last_error
        assert SMTP_PASSWORD not in row.last_error and SMTP_PASSWORD not in "".join(report.errors)

        # A missing variable is named (and retried: the operator can fix it without touching the alert).
        monkeypatch.delenv("NW_TEST_SMTP_PASSWORD")
        recorded = record_change(sqlite_database, cfg, make_target("other"))
        Dispatcher(sqlite_database, cfg).dispatch_once()
        row = alert(sqlite_database, recorded.alert_ids[0])
        assert (
            row.status == "pending"
            and "environment variable NW_TEST_SMTP_PASSWORD is not set" in row.last_error
        )


def test_smtp_down_then_up_delivers_each_alert_once(sqlite_database, smtp) -> None:
    cfg = alerting(email_config(smtp))
    smtp.stop()  # down during the crawl
    recorded = [record_change(sqlite_database, cfg, make_target(f"t{i}")) for i in range(3)]
    t = now()
    dispatcher = Dispatcher(sqlite_database, cfg)
    report = dispatcher.dispatch_once(t)
    assert (report.sent, report.retried) == (0, 3)
    for r in recorded:
        row = alert(sqlite_database, r.alert_ids[0])
        assert (row.status, row.attempts) == (
            "pending",
            1,
        ) and "connection refused" in row.last_error
    # Still down at the next pass.
    assert dispatcher.dispatch_once(t + LATER).retried == 3
    smtp.start()  # back, same port
    report = dispatcher.dispatch_once(t + 2 * LATER)
    assert report.sent == 3
    assert dispatcher.dispatch_once(t + 3 * LATER).claimed == 0
    keys = [m.message["X-Noticewatch-Idempotency-Key"] for m in smtp.messages]
    assert sorted(keys) == sorted(
        alert(sqlite_database, r.alert_ids[0]).idempotency_key for r in recorded
    )
    assert {alert(sqlite_database, r.alert_ids[0]).attempts for r in recorded} == {3}


def test_rejected_recipient_is_failed_not_retried(sqlite_database, smtp) -> None:
    cfg = alerting(
        email_config(smtp).replace(
            'to = ["dpo@example.org", "legal@example.org"]', 'to = "gone@example.org"'
        )
    )
    smtp.rcpt_replies["gone@example.org"] = "550 5.1.1 <gone@example.org>: user unknown"
    recorded = record_change(sqlite_database, cfg, make_target())
    dispatcher = Dispatcher(sqlite_database, cfg)
    assert dispatcher.dispatch_once().failed == 1
    row = alert(sqlite_database, recorded.alert_ids[0])
    assert (
        row.status == "failed"
        and "550 5.1.1" in row.last_error
        and "user unknown" in row.last_error
    )
    assert dispatcher.dispatch_once(now() + LATER).claimed == 0


def test_temporary_smtp_error_is_retried(sqlite_database, smtp) -> None:
    cfg = alerting(email_config(smtp))
    smtp.data_replies[:] = ["451 4.3.0 mailbox busy, try later"]
    recorded = record_change(sqlite_database, cfg, make_target())
    dispatcher = Dispatcher(sqlite_database, cfg)
    assert dispatcher.dispatch_once().retried == 1
    assert "451 4.3.0" in alert(sqlite_database, recorded.alert_ids[0]).last_error
    assert dispatcher.dispatch_once(now() + LATER).sent == 1
    assert len(smtp.messages) == 1


def test_retries_send_the_identical_email(sqlite_database, smtp) -> None:
    """A retry after the target's config changed still sends the content frozen at enqueue."""
    cfg = alerting(email_config(smtp))
    smtp.data_replies[:] = ["451 4.3.0 later"]
    record_change(sqlite_database, cfg, make_target())
    dispatcher = Dispatcher(sqlite_database, cfg)
    dispatcher.dispatch_once()
    from storage import repo

    with sqlite_database.session() as session:
        repo.sync_targets(session, [make_target(service="Renamed")])
    dispatcher.dispatch_once(now() + LATER)
    (received,) = smtp.messages
    assert "Weavelink" in received.message["Subject"] and "Renamed" not in received.part("plain")


# --------------------------------------------------------------------------- webhook


def test_webhook_signed_and_verifiable(sqlite_database) -> None:
    with WebhookSink() as sink:
        cfg = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, cfg, make_target())
        assert Dispatcher(sqlite_database, cfg).dispatch_once().sent == 1
    (request,) = sink.requests
    row = alert(sqlite_database, recorded.alert_ids[0])
    assert request.header("Content-Type") == "application/json"
    assert request.header("User-Agent").startswith("noticewatch/")
    assert request.header("X-Noticewatch-Idempotency-Key") == row.idempotency_key
    assert request.header("X-Noticewatch-Event") == "change.material"
    timestamp = request.header("X-Noticewatch-Timestamp")
    signature = request.header("X-Noticewatch-Signature")
    assert abs(int(timestamp) - time.time()) < 60
    assert verify_signature(SECRET, timestamp, request.body, signature)
    assert not verify_signature("wrong", timestamp, request.body, signature)
    assert not verify_signature(SECRET, timestamp, request.body + b" ", signature)
    assert not verify_signature(
        SECRET, timestamp, request.body, signature, now=int(timestamp) + 301
    )
    assert not verify_signature(SECRET, str(int(timestamp) + 1), request.body, signature)
    # The documented algorithm, by hand.
    import hashlib
    import hmac

    expected = hmac.new(
        SECRET.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    assert signature == f"sha256={expected}" == sign(SECRET, timestamp, request.body)

    document = json.loads(request.body)
    assert document["schema"] == SCHEMA and document["alert"]["id"] == row.id
    assert document["alert"]["key"] == row.idempotency_key
    assert document["change"]["facts"][0]["fact"] == "purpose.ai_training"
    assert document["change"]["to"]["version"] == recorded.to_version
    # The secret never reaches the database.
    assert SECRET.encode() not in Path(sqlite_database.engine.url.database).read_bytes()


def test_webhook_500_three_times_then_200(sqlite_database) -> None:
    with WebhookSink([500, 500, 500, 200]) as sink:
        cfg = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, cfg, make_target())
        dispatcher = Dispatcher(sqlite_database, cfg)
        t = now()
        outcomes = []
        for step in range(6):
            report = dispatcher.dispatch_once(t + step * LATER)
            outcomes.append((report.sent, report.retried))
    assert outcomes == [(0, 1), (0, 1), (0, 1), (1, 0), (0, 0), (0, 0)]
    assert sink.answered == [500, 500, 500, 200]
    row = alert(sqlite_database, recorded.alert_ids[0])
    assert (row.status, row.attempts) == ("sent", 4)
    # Every attempt carried the same body and key; only the timestamp (and so the signature) moved.
    assert len({r.body for r in sink.requests}) == 1
    assert len({r.header("X-Noticewatch-Idempotency-Key") for r in sink.requests}) == 1
    assert all(
        verify_signature(
            SECRET, r.header("X-Noticewatch-Timestamp"), r.body, r.header("X-Noticewatch-Signature")
        )
        for r in sink.requests
    )


def test_webhook_400_is_failed_not_retried(sqlite_database) -> None:
    with WebhookSink([(400, {}, b'{"error": "unknown field \\"change\\""}')]) as sink:
        cfg = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, cfg, make_target())
        dispatcher = Dispatcher(sqlite_database, cfg)
        assert dispatcher.dispatch_once().failed == 1
        assert dispatcher.dispatch_once(now() + LATER).claimed == 0
        assert dispatcher.dispatch_once(now() + 10 * LATER).claimed == 0
    assert len(sink.requests) == 1
    row = alert(sqlite_database, recorded.alert_ids[0])
    assert row.status == "failed" and row.last_error.startswith("webhook http://127.0.0.1:")
    assert 'HTTP 400: {"error": "unknown field \\"change\\""}' in row.last_error


def test_webhook_dead_after_max_attempts_then_retry(sqlite_database) -> None:
    with WebhookSink([503, 503]) as sink:
        cfg = alerting(hook_config(sink.url, max_attempts=2))
        recorded = record_change(sqlite_database, cfg, make_target())
        dispatcher = Dispatcher(sqlite_database, cfg)
        t = now()
        dispatcher.dispatch_once(t)
        assert dispatcher.dispatch_once(t + LATER).dead == 1
        assert dispatcher.dispatch_once(t + 2 * LATER).claimed == 0
        assert alert(sqlite_database, recorded.alert_ids[0]).status == "dead"
        with sqlite_database.session() as session:
            assert outbox.retry_all_dead(session, now=t + 2 * LATER) == 1
        assert dispatcher.dispatch_once(t + 2 * LATER).sent == 1
    assert sink.answered == [503, 503, 200]


def test_webhook_429_retry_after_and_timeouts(sqlite_database) -> None:
    with WebhookSink([(429, {"Retry-After": "3000"}, b"slow down")]) as sink:
        cfg = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, cfg, make_target())
        t = now()
        Dispatcher(sqlite_database, cfg).dispatch_once(t)
        row = alert(sqlite_database, recorded.alert_ids[0])
        # Retry-After beyond the cap is capped (backoff_max_seconds = 60).
        assert row.status == "pending" and row.next_attempt_at >= t + timedelta(seconds=59)
    with WebhookSink(delay=2) as slow:
        cfg = alerting(hook_config(slow.url).replace("timeout = 5", "timeout = 1"))
        recorded = record_change(sqlite_database, cfg, make_target("slow"))
        Dispatcher(sqlite_database, cfg).dispatch_once()
        row = alert(sqlite_database, recorded.alert_ids[0])
        assert row.status == "pending" and "timed out" in row.last_error


def test_webhook_connection_refused_and_redirect(sqlite_database) -> None:
    from smtp_sink import free_port

    cfg = alerting(hook_config(f"http://127.0.0.1:{free_port()}/hook"))
    recorded = record_change(sqlite_database, cfg, make_target())
    assert Dispatcher(sqlite_database, cfg).dispatch_once().retried == 1
    assert "connection refused" in alert(sqlite_database, recorded.alert_ids[0]).last_error
    with WebhookSink([(302, {"Location": "http://127.0.0.1:1/elsewhere"}, b"")]) as sink:
        cfg = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, cfg, make_target("moved"))
        assert Dispatcher(sqlite_database, cfg).dispatch_once().failed == 1
    assert "redirect not followed" in alert(sqlite_database, recorded.alert_ids[0]).last_error


def test_webhook_https_with_private_ca(sqlite_database, tmp_path) -> None:
    certs = make_certificates(tmp_path / "certs")
    with WebhookSink(certs=certs) as sink:
        cfg = alerting(hook_config(sink.url, extra=f'ca_file = "{certs.ca_file}"'))
        record_change(sqlite_database, cfg, make_target())
        assert Dispatcher(sqlite_database, cfg).dispatch_once().sent == 1
        untrusted = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, untrusted, make_target("b"))
        assert Dispatcher(sqlite_database, untrusted).dispatch_once().failed == 1
    assert "certificate" in alert(sqlite_database, recorded.alert_ids[0]).last_error
    assert len(sink.requests) == 1


@pytest.mark.parametrize("fmt", ["slack", "teams"])
def test_chat_presets_are_posted(sqlite_database, fmt) -> None:
    with WebhookSink() as sink:
        cfg = alerting(hook_config(sink.url, fmt=fmt))
        record_change(sqlite_database, cfg, make_target())
        assert Dispatcher(sqlite_database, cfg).dispatch_once().sent == 1
    body = json.loads(sink.requests[0].body)
    assert ("text" in body) if fmt == "slack" else (body["type"] == "message")
    assert "Weavelink — EU Privacy Policy: material change" in sink.requests[0].body.decode()


def test_webhook_url_from_secret_is_not_shown(sqlite_database, monkeypatch) -> None:
    with WebhookSink([500]) as sink:
        token_url = sink.url + "/T000/B000/xoxb-very-secret-token"
        monkeypatch.setenv("NW_TEST_SLACK_URL", token_url)
        cfg = alerting(
            hook_config(sink.url, fmt="slack").replace(
                f'url = "{sink.url}"', 'url_env = "NW_TEST_SLACK_URL"'
            )
        )
        recorded = record_change(sqlite_database, cfg, make_target())
        dispatcher = Dispatcher(sqlite_database, cfg)
        report = dispatcher.dispatch_once()
        assert dispatcher.dispatch_once(now() + LATER).sent == 1
    assert sink.requests[0].path.endswith("xoxb-very-secret-token")
    row = alert(sqlite_database, recorded.alert_ids[0])
    assert (
        "xoxb" not in "".join(report.errors)
        and "<URL from environment variable NW_TEST_SLACK_URL>" in report.errors[0]
    )
    assert "xoxb" not in repr(cfg)
    assert row.status == "sent"


# --------------------------------------------------------------------------- send-test and config drift


def test_send_test_through_real_channels(sqlite_database, smtp) -> None:
    with WebhookSink() as sink:
        cfg = alerting(email_config(smtp) + hook_config(sink.url).split("[[routes]]")[0])
        dispatcher = Dispatcher(sqlite_database, cfg)
        mail_result = dispatcher.send_test("mail")
        hook_result = dispatcher.send_test("hook")
    assert mail_result.ok and hook_result.ok
    assert smtp.messages[0].message["Subject"] == "[noticewatch] test alert through channel mail"
    document = json.loads(sink.requests[0].body)
    assert document["event"] == "test" and document["schema"] == SCHEMA
    assert verify_signature(
        SECRET,
        sink.requests[0].header("X-Noticewatch-Timestamp"),
        sink.requests[0].body,
        sink.requests[0].header("X-Noticewatch-Signature"),
    )
    with sqlite_database.session() as session:
        tests = outbox.list_alerts(session)
        assert [(a.kind, a.status) for a in tests] == [("test", "sent"), ("test", "sent")]
    with pytest.raises(UnknownChannel, match="unknown channel 'pager'"):
        dispatcher.send_test("pager")
    smtp.stop()
    failed = dispatcher.send_test("mail")
    assert not failed.ok and "connection refused" in failed.detail
    assert alert(sqlite_database, failed.alert_id).status == "failed"


def test_alerts_wait_for_a_dispatcher_that_has_their_channel(sqlite_database, smtp) -> None:
    """A dispatcher run with another watchlist (or none) leaves alerts it cannot send alone."""
    cfg = alerting(email_config(smtp))
    recorded = record_change(sqlite_database, cfg, make_target())
    assert Dispatcher(sqlite_database, alerting("")).dispatch_once().claimed == 0
    assert Dispatcher(sqlite_database, None).dispatch_once().claimed == 0
    with WebhookSink() as sink:
        other = alerting(hook_config(sink.url))
        assert Dispatcher(sqlite_database, other).dispatch_once().claimed == 0
    assert alert(sqlite_database, recorded.alert_ids[0]).status == "pending"
    assert Dispatcher(sqlite_database, cfg).dispatch_once().sent == 1


def test_unrendered_alert_is_rendered_once_at_first_send(sqlite_database) -> None:
    with WebhookSink([500, 200]) as sink:
        cfg = alerting(hook_config(sink.url))
        recorded = record_change(sqlite_database, cfg, make_target())
        with sqlite_database.session() as session:  # as if rendering had failed at enqueue
            session.get(AlertRow, recorded.alert_ids[0]).payload = {"v": 1, "include_diff": True}
        dispatcher = Dispatcher(sqlite_database, cfg)
        dispatcher.dispatch_once()
        frozen = alert(sqlite_database, recorded.alert_ids[0]).payload
        assert frozen["type"] == "webhook"
        dispatcher.dispatch_once(now() + LATER)
    assert sink.requests[0].body == sink.requests[1].body == frozen["body"].encode()


def test_run_forever_delivers_until_stopped(sqlite_database, smtp) -> None:
    import threading

    cfg = alerting(email_config(smtp))
    record_change(sqlite_database, cfg, make_target("a"))
    stop = threading.Event()
    worker = threading.Thread(
        target=Dispatcher(sqlite_database, cfg).run_forever, args=(stop,), kwargs={"interval": 0.05}
    )
    worker.start()
    try:
        assert len(smtp.wait_for(1)) == 1
        record_change(sqlite_database, cfg, make_target("b"))  # recorded while the daemon runs
        assert len(smtp.wait_for(2)) == 2
    finally:
        stop.set()
        worker.join(timeout=5)
    assert not worker.is_alive()
    with sqlite_database.session() as session:
        titles = [alert_title(a.payload, a.kind) for a in outbox.list_alerts(session)]
    assert titles[0].startswith("Weavelink — EU Privacy Policy: New purpose")


def test_starttls_never_falls_back_to_clear_text(sqlite_database, smtp) -> None:
    cfg = alerting(email_config(smtp).replace('security = "none"', 'security = "starttls"'))
    recorded = record_change(sqlite_database, cfg, make_target())
    assert Dispatcher(sqlite_database, cfg).dispatch_once().failed == 1
    assert "STARTTLS" in alert(sqlite_database, recorded.alert_ids[0]).last_error
    assert smtp.messages == []


def test_run_forever_hands_each_report_to_on_report(sqlite_database) -> None:
    """The daemon's dispatcher thread is Dispatcher.run_forever; it counts deliveries from the reports."""
    import threading

    stop = threading.Event()
    reports = []

    def on_report(report) -> None:
        reports.append(report)
        if len(reports) == 2:
            stop.set()

    Dispatcher(sqlite_database, None).run_forever(stop, interval=0.01, on_report=on_report)
    assert [r.claimed for r in reports] == [0, 0]
