"""Alerting config and routing: errors name the key, secrets never show, routes pick the right channels."""

from __future__ import annotations

import pytest
from alert_fixtures import alerting, make_target

from monitor.alerts.config import EmailChannel, WebhookChannel, parse_alerting
from monitor.alerts.routing import RouteMatch, channels_for_change, channels_for_incident
from monitor.alerts.secrets import Secret, SecretError, SecretRef, redact
from monitor.config import parse_watchlist
from monitor.errors import ConfigError, ConfigErrors
from monitor.model import Severity

FULL = """
[channels.team-email]
type = "email"
to = ["dpo@example.org", "Legal Team <legal@example.org>"]
from = "noticewatch@example.org"
smtp_host = "smtp.example.org"
smtp_port = 587
security = "starttls"
username = "noticewatch"
password_env = "NOTICEWATCH_SMTP_PASSWORD"
timeout = 30

[channels.legal-hook]
type = "webhook"
url = "https://hooks.example.org/noticewatch"
secret_file = "/run/secrets/hook"
format = "noticewatch"
timeout = 10

[channels.slack]
type = "webhook"
url_env = "SLACK_WEBHOOK_URL"
format = "slack"

[[routes]]
channels = ["team-email", "legal-hook"]
targets = ["linkedin-*"]
tags = ["eu"]
min_severity = "material"
include_diff = false

[[routes]]
channels = ["legal-hook", "slack"]
min_severity = "all"

[operational]
channels = ["team-email"]
after_failures = 5

[delivery]
max_attempts = 5
backoff_seconds = 10
backoff_max_seconds = 600
"""


def errors_of(text: str) -> list[ConfigError]:
    with pytest.raises((ConfigError, ConfigErrors)) as caught:
        alerting(text)
    exc = caught.value
    return exc.errors if isinstance(exc, ConfigErrors) else [exc]


def keys_of(text: str) -> set[str]:
    return {e.key for e in errors_of(text)}


def test_full_config_parses() -> None:
    cfg = alerting(FULL)
    email = cfg.channels["team-email"]
    assert isinstance(email, EmailChannel)
    assert email.to == ("dpo@example.org", "Legal Team <legal@example.org>")
    assert email.password == SecretRef(env="NOTICEWATCH_SMTP_PASSWORD")
    assert (email.smtp_port, email.security, email.timeout) == (587, "starttls", 30.0)
    hook = cfg.channels["legal-hook"]
    assert isinstance(hook, WebhookChannel)
    assert hook.secret == SecretRef(file="/run/secrets/hook")
    slack = cfg.channels["slack"]
    assert isinstance(slack, WebhookChannel)
    assert slack.url is None and slack.url_secret == SecretRef(env="SLACK_WEBHOOK_URL")
    assert cfg.routes[0].include_diff is False and cfg.routes[1].min_severity == "all"
    assert cfg.operational is not None and cfg.operational.after_failures == 5
    assert (cfg.delivery.max_attempts, cfg.delivery.backoff_seconds) == (5, 10.0)


def test_empty_config_means_alerts_off() -> None:
    cfg = alerting("")
    assert not cfg.enabled and cfg.routes == () and cfg.operational is None
    assert channels_for_change(cfg, make_target(), Severity.MATERIAL) == []


def test_defaults() -> None:
    cfg = alerting(
        """
[channels.mail]
type = "email"
to = "a@example.org"
from = "b@example.org"
smtp_host = "smtp.example.org"
security = "tls"
[[routes]]
channels = ["mail"]
"""
    )
    mail = cfg.channels["mail"]
    assert isinstance(mail, EmailChannel)
    assert mail.smtp_port == 465 and mail.username is None and mail.password is None
    assert cfg.routes[0].min_severity == "material" and cfg.routes[0].include_diff is True


@pytest.mark.parametrize(
    ("snippet", "key"),
    [
        ('smtp_port = "587"', "channels.mail.smtp_port"),
        ("smtp_port = 70000", "channels.mail.smtp_port"),
        ("smtp_prot = 25", "channels.mail.smtp_prot"),
        ('security = "ssl"', "channels.mail.security"),
        ("timeout = 0", "channels.mail.timeout"),
        ('username = "nw"', "channels.mail.username"),
        ('password_env = "1BAD"', "channels.mail.password_env"),
    ],
)
def test_email_errors_name_the_key(snippet: str, key: str) -> None:
    text = f"""
[channels.mail]
type = "email"
to = "a@example.org"
from = "b@example.org"
smtp_host = "smtp.example.org"
{snippet}
"""
    assert key in keys_of(text)


def test_typo_gets_a_suggestion() -> None:
    errors = errors_of(
        """
[channels.mail]
type = "email"
to = "a@example.org"
from = "b@example.org"
smtp_hots = "smtp.example.org"
"""
    )
    by_key = {e.key: e for e in errors}
    assert "did you mean 'smtp_host'" in str(by_key["channels.mail.smtp_hots"])
    assert "channels.mail.smtp_host" in by_key  # and the real key is reported missing
    assert str(by_key["channels.mail.smtp_hots"]).startswith(
        "watchlist.toml: channels.mail.smtp_hots:"
    )


@pytest.mark.parametrize(
    "address", ["not-an-address", "a@b", "x@example.org\nBcc: victim@example.org"]
)
def test_bad_addresses(address: str) -> None:
    raw = {
        "channels": {
            "mail": {
                "type": "email",
                "to": [address],
                "from": "b@example.org",
                "smtp_host": "smtp.example.org",
            }
        }
    }
    with pytest.raises(ConfigError) as caught:
        parse_alerting(raw, file="w.toml")
    assert caught.value.key == "channels.mail.to"


def test_webhook_errors() -> None:
    assert "channels.hook.url" in keys_of(
        '[channels.hook]\ntype = "webhook"\nurl = "ftp://x.example"\nsecret_env = "S"'
    )
    assert "channels.hook.url" in keys_of('[channels.hook]\ntype = "webhook"\nsecret_env = "S"')
    assert "channels.hook.secret_env" in keys_of(
        '[channels.hook]\ntype = "webhook"\nurl = "https://x.example/h"'
    )
    assert "channels.hook.format" in keys_of(
        '[channels.hook]\ntype = "webhook"\nurl = "https://x.example/h"\nsecret_env = "S"\nformat = "discord"'
    )
    assert "channels.hook.type" in keys_of('[channels.hook]\ntype = "pager"')
    # Slack and Teams URLs are the credential; no signing secret required.
    cfg = alerting(
        '[channels.hook]\ntype = "webhook"\nurl = "https://hooks.slack.example/T/B/x"\nformat = "slack"'
    )
    assert cfg.channels["hook"].secret is None


def test_routes_must_name_known_channels() -> None:
    errors = errors_of(
        """
[channels.team-email]
type = "email"
to = "a@example.org"
from = "b@example.org"
smtp_host = "smtp.example.org"
[[routes]]
channels = ["team-emial"]
min_severity = "minor"
[operational]
channels = ["pager"]
"""
    )
    messages = {e.key: str(e) for e in errors}
    assert "did you mean 'team-email'" in messages["routes[0].channels"]
    assert "routes[0].min_severity" in messages
    assert "unknown channel 'pager'" in messages["operational.channels"]


def test_delivery_errors() -> None:
    assert "delivery.max_attempts" in keys_of("[delivery]\nmax_attempts = 0")
    assert "delivery.backoff_max_seconds" in keys_of(
        "[delivery]\nbackoff_seconds = 60\nbackoff_max_seconds = 30"
    )
    assert "delivery.retries" in keys_of("[delivery]\nretries = 3")


def test_inline_secret_refused_without_echo() -> None:
    secret = "hunter2-correct-horse"
    errors = errors_of(
        f"""
[channels.mail]
type = "email"
to = "a@example.org"
from = "b@example.org"
smtp_host = "smtp.example.org"
username = "nw"
password = "{secret}"
[channels.hook]
type = "webhook"
url = "https://x.example/h"
secret = "{secret}"
"""
    )
    text = "\n".join(str(e) for e in errors)
    assert "channels.mail.password" in text and "password_env or password_file" in text
    assert "channels.hook.secret" in text
    assert secret not in text


def test_watchlist_collects_alerting_errors_with_target_errors() -> None:
    raw = {
        "targets": [{"id": "x", "url": "not a url"}],
        "channels": {"mail": {"type": "email", "to": "a@example.org", "from": "b@example.org"}},
    }
    with pytest.raises(ConfigErrors) as caught:
        parse_watchlist(raw, file="w.toml")
    keys = {e.key for e in caught.value.errors}
    assert {"url", "channels.mail.smtp_host"} <= keys


def test_secrets_are_never_printed(tmp_path, monkeypatch) -> None:
    value = "s3cr3t-value-0123456789"
    monkeypatch.setenv("NW_TEST_SECRET", value)
    cfg = alerting(FULL.replace("NOTICEWATCH_SMTP_PASSWORD", "NW_TEST_SECRET"))
    secret = cfg.channels["team-email"].password.resolve()
    assert secret.reveal() == value
    for shown in (repr(secret), str(secret), repr(cfg), str(cfg), f"{secret}", repr([secret])):
        assert value not in shown
    assert redact(f"login failed for {value}", [secret]) == "login failed for ***"
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(secret)

    monkeypatch.delenv("NW_TEST_SECRET")
    with pytest.raises(SecretError, match="environment variable NW_TEST_SECRET is not set"):
        SecretRef(env="NW_TEST_SECRET").resolve()

    path = tmp_path / "hook-secret"
    path.write_text(value + "\n")
    assert SecretRef(file=str(path)).resolve() == Secret(value)
    path.write_text("")
    with pytest.raises(SecretError, match="is empty") as caught:
        SecretRef(file=str(path)).resolve()
    assert value not in str(caught.value)
    with pytest.raises(SecretError, match="does not exist"):
        SecretRef(file=str(tmp_path / "missing")).resolve()


def test_routing() -> None:
    cfg = alerting(FULL)
    linkedin_eu = make_target("linkedin-eu", tags=("eu",))
    linkedin_us = make_target("linkedin-us", tags=("us",))
    other = make_target("acme-eu", tags=("eu",))

    # Route 1 (material only, no diff) matches linkedin-* tagged eu; route 2 matches everything.
    assert channels_for_change(cfg, linkedin_eu, Severity.MATERIAL) == [
        RouteMatch("team-email", include_diff=False),
        RouteMatch(
            "legal-hook", include_diff=True
        ),  # deduplicated; the second route wants the diff
        RouteMatch("slack", include_diff=True),
    ]
    assert [m.channel for m in channels_for_change(cfg, linkedin_us, Severity.MATERIAL)] == [
        "legal-hook",
        "slack",
    ]
    assert [m.channel for m in channels_for_change(cfg, other, Severity.EDITORIAL)] == [
        "legal-hook",
        "slack",
    ]
    assert [m.channel for m in channels_for_change(cfg, linkedin_eu, Severity.EDITORIAL)] == [
        "legal-hook",
        "slack",
    ]
    for quiet in (Severity.FIRST, Severity.REEXTRACTION, Severity.NONE):
        assert channels_for_change(cfg, linkedin_eu, quiet) == []
    assert channels_for_incident(cfg) == ["team-email"]
    assert channels_for_change(None, linkedin_eu, Severity.MATERIAL) == []


def test_material_route_ignores_editorial() -> None:
    cfg = alerting(
        """
[channels.hook]
type = "webhook"
url = "https://x.example/h"
secret_env = "S"
[[routes]]
channels = ["hook"]
"""
    )
    assert channels_for_change(cfg, make_target(), Severity.EDITORIAL) == []
    assert channels_for_change(cfg, make_target(), Severity.MATERIAL) == [RouteMatch("hook", True)]
    assert channels_for_incident(cfg) == []
