"""The README's Alerts section tells the truth: its config parses, its JSON matches, its receiver verifies."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from alert_fixtures import ANNOUNCEMENT, alerting, make_target, record_change
from smtp_sink import free_port

from monitor.alerts.bodies import change_document
from monitor.alerts.config import parse_alerting
from monitor.alerts.context import Envelope, load_change
from monitor.alerts.dispatcher import Dispatcher
from monitor.alerts.webhook import post_webhook
from storage.models import AlertRow

README = Path(__file__).resolve().parent.parent / "README.md"


def _alerts_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("<!-- alerts:start")[1].split("<!-- alerts:end -->")[0]


SECRET = "docs-receiver-secret"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _alerts_section(), flags=re.S)


def test_config_examples_parse_together() -> None:
    cfg = parse_alerting(tomllib.loads("\n".join(blocks("toml"))), file=str(README))
    assert set(cfg.channels) == {"team-email", "legal-hook", "slack", "teams"}
    assert len(cfg.routes) == 2 and cfg.operational is not None


def _shape(value):
    """Keys of objects, recursively; a list of scalars is just a list (empty or not)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value and isinstance(value[0], dict) else []
    return None


def test_payload_example_has_the_real_shape(sqlite_database) -> None:
    example = json.loads(blocks("json")[0])
    recorded = record_change(sqlite_database, None, make_target(), announcements=(ANNOUNCEMENT,))
    with sqlite_database.session() as session:
        ctx = load_change(session, recorded.change_id)
    env = Envelope(key="k", kind="change", channel="c", created_at=ctx.detected_at, alert_id=1)
    assert _shape(example) == _shape(change_document(ctx, env))


@pytest.fixture
def receiver(tmp_path):
    code = _alerts_section().split("<!-- receiver")[1]
    code = re.search(r"```python\n(.*?)```", code, flags=re.S).group(1)
    assert len(code.strip().splitlines()) <= 12
    script = tmp_path / "receiver.py"
    script.write_text(code)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(script)],
        env={**os.environ, "NOTICEWATCH_WEBHOOK_SECRET": SECRET, "PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield port, process
    finally:
        process.kill()
        process.wait()


def test_documented_receiver_verifies_and_deduplicates(
    sqlite_database, receiver, monkeypatch
) -> None:
    port, process = receiver
    monkeypatch.setenv("NW_DOC_SECRET", SECRET)
    cfg = alerting(
        f"""
[channels.hook]
type = "webhook"
url = "http://127.0.0.1:{port}/noticewatch"
secret_env = "NW_DOC_SECRET"
[[routes]]
channels = ["hook"]
"""
    )
    recorded = record_change(sqlite_database, cfg, make_target())
    assert Dispatcher(sqlite_database, cfg).dispatch_once().sent == 1  # 204: signature accepted
    with sqlite_database.session() as session:
        row = session.get(AlertRow, recorded.alert_ids[0])
    # A redelivery of the same alert is acknowledged but handled once.
    assert "HTTP 204" in post_webhook(cfg.channels["hook"], row.payload, key=row.idempotency_key)
    # A wrong secret is refused (401: failed, not retried).
    monkeypatch.setenv("NW_DOC_SECRET", "not-the-secret")
    other = record_change(sqlite_database, cfg, make_target("other"))
    assert Dispatcher(sqlite_database, cfg).dispatch_once().failed == 1
    with sqlite_database.session() as session:
        assert "HTTP 401" in session.get(AlertRow, other.alert_ids[0]).last_error
    process.kill()
    out, _err = process.communicate()
    assert out.splitlines() == [f"change.material {row.idempotency_key}"]
