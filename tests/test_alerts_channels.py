"""Channel kinds: one per type/format the configuration accepts, each rendering what it sends."""

from __future__ import annotations

import pytest
from alert_fixtures import alerting, make_target, record_change

from monitor.alerts import channels
from monitor.alerts.config import WEBHOOK_FORMATS, _Parser
from monitor.alerts.context import load_change
from monitor.alerts.enqueue import envelope
from storage.models import AlertRow

CONFIG = """
[channels.mail]
type = "email"
to = "dpo@example.org"
from = "noticewatch@example.org"
smtp_host = "127.0.0.1"
security = "none"

[channels.hook]
type = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "NW_TEST_HOOK_SECRET"

[channels.slack]
type = "webhook"
url = "http://127.0.0.1:9/slack"
format = "slack"

[channels.teams]
type = "webhook"
url = "http://127.0.0.1:9/teams"
format = "teams"

[[routes]]
channels = ["mail", "hook", "slack", "teams"]
"""


def test_every_configurable_channel_has_a_kind() -> None:
    accepted = {"email"} | {f"webhook/{fmt}" for fmt in WEBHOOK_FORMATS}
    assert set(_Parser.CHANNEL_TYPES) == {key.split("/")[0] for key in accepted}
    assert channels.registered() == accepted


def test_a_kind_is_registered_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        channels.register("email")(type("Again", (channels.ChannelKind,), {}))


def test_frozen_payloads_are_what_each_kind_renders(database) -> None:
    cfg = alerting(CONFIG)
    recorded = record_change(database, cfg, make_target())
    with database.session() as session:
        rows = {r.channel: r for r in session.query(AlertRow).order_by(AlertRow.id)}
        ctx = load_change(session, recorded.change_id)
        assert sorted(rows) == ["hook", "mail", "slack", "teams"]
        for name, row in rows.items():
            channel = cfg.channels[name]
            kind = channels.kind_for(channel)
            assert kind.key == channels.kind_key(channel)
            assert kind.holds(row.payload)
            # Rendered again from the stored change, the kind gives the frozen payload back.
            env = envelope(row)
            assert row.payload == kind.render(channels.Content.change(ctx, env), env)
            others = [k for k in cfg.channels.values() if channels.kind_key(k) != kind.key]
            assert not any(channels.kind_for(other).holds(row.payload) for other in others)
    assert rows["mail"].payload["type"] == "email"
    assert rows["slack"].payload["format"] == "slack"
    assert not channels.kind_for(cfg.channels["mail"]).holds({"v": 0, "type": "email"})
