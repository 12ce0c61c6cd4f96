"""Alerts through the CLI: a recrawl that records a material change delivers it by email and webhook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.alerts.webhook import verify_signature
from tests.httpserver import NoticeServer
from tests.smtp_sink import SmtpSink
from tests.test_cli import AI_ROW, cli_env, noticewatch, page
from tests.webhook_sink import WebhookSink

SECRET = "s3cret-for-tests"


def watchlist(server: NoticeServer, smtp: SmtpSink, hook: WebhookSink) -> str:
    return f"""
[settings]
allow_private_networks = true   # the test server is on 127.0.0.1

[[targets]]
id = "acme-eu"
service = "Acme"
region = "EU"
language = "en"
url = "{server.url("/privacy/eu")}"

[channels.dpo]
type = "email"
to = ["dpo@example.org"]
from = "noticewatch@example.org"
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
timeout = 5

[channels.hook]
type = "webhook"
url = "{hook.url}"
secret_env = "NW_TEST_WEBHOOK_SECRET"
timeout = 5

[[routes]]
channels = ["dpo", "hook"]
min_severity = "material"
include_diff = true

[delivery]
max_attempts = 5
backoff_seconds = 30
backoff_max_seconds = 60
"""


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path)


def test_recrawl_delivers_material_change_once(tmp_path: Path, env: dict[str, str]) -> None:
    env["NW_TEST_WEBHOOK_SECRET"] = SECRET
    with NoticeServer() as server, SmtpSink() as smtp, WebhookSink() as hook:
        (tmp_path / "watchlist.toml").write_text(watchlist(server, smtp, hook))
        server.set("/privacy/eu", page())
        noticewatch("recrawl", cwd=tmp_path, env=env)
        assert smtp.messages == [] and hook.requests == []  # a first version is not an alert

        # The mail server is down when the change is recorded: nothing is lost.
        smtp.stop()
        server.set("/privacy/eu", page(extra=AI_ROW))
        proc = noticewatch("recrawl", cwd=tmp_path, env=env, check=False)
        assert "new version v2 (material)" in proc.stdout
        assert "alerts: sent 1, retried 1" in proc.stdout
        assert proc.returncode == 1  # an alert not delivered (yet): said in the exit status
        (request,) = hook.wait_for(1)
        body = json.loads(request.body)
        assert body["schema"] == "noticewatch.alert/v1" and body["change"]["severity"] == "material"
        assert verify_signature(
            SECRET,
            request.header("X-Noticewatch-Timestamp"),
            request.body,
            request.header("X-Noticewatch-Signature"),
        )
        listed = json.loads(
            noticewatch("alerts", "list", "--format", "json", cwd=tmp_path, env=env).stdout
        )
        assert {(a["channel"], a["status"]) for a in listed} == {
            ("dpo", "pending"),
            ("hook", "sent"),
        }

        smtp.start()
        pending = next(a for a in listed if a["channel"] == "dpo")
        retry = noticewatch("alerts", "retry", str(pending["id"]), cwd=tmp_path, env=env)
        assert "sent 1" in retry.stdout
        (mail,) = smtp.wait_for(1)
        assert "[noticewatch] Acme" in mail.message["Subject"]
        assert "training" in mail.part("plain")

        # Nothing is sent twice.
        noticewatch("recrawl", cwd=tmp_path, env=env)
        assert len(smtp.messages) == 1 and len(hook.requests) == 1

        test = noticewatch("alerts", "send-test", "hook", cwd=tmp_path, env=env)
        assert "sent through hook" in test.stdout and len(hook.requests) == 2
        assert SECRET not in test.stdout
