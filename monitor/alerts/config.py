"""The alerting part of the watchlist: channels, routes, operational alerts, delivery policy.

Parsed from the already-loaded TOML document (the ``[channels.*]``,
``[[routes]]``, ``[operational]`` and ``[delivery]`` tables) into frozen
dataclasses. Like the rest of the watchlist it is edited by hand, so every
problem is reported at once, each naming its exact key
(``channels.team-email.smtp_port``), misspelled keys get a suggestion, and a
secret written inline is refused *without echoing it*. No channels at all is a
valid configuration: alerts are simply off.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

from monitor.alerts.secrets import SecretRef
from monitor.errors import ConfigError, ConfigErrors
from monitor.validation import (
    check_bool,
    check_choice,
    check_int,
    check_number,
    kind_of,
    unknown_key,
)

Security = Literal["starttls", "tls", "none"]
WebhookFormat = Literal["noticewatch", "slack", "teams"]
MinSeverity = Literal["material", "editorial", "all"]

SECURITIES: tuple[str, ...] = ("starttls", "tls", "none")
WEBHOOK_FORMATS: tuple[str, ...] = ("noticewatch", "slack", "teams")
MIN_SEVERITIES: tuple[str, ...] = ("material", "editorial", "all")
DEFAULT_SMTP_PORTS = {"starttls": 587, "tls": 465, "none": 25}

_CHANNEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")

_EMAIL_KEYS = {
    "type", "to", "from", "smtp_host", "smtp_port", "security", "username",
    "password_env", "password_file", "timeout", "ca_file",
}  # fmt: skip
_WEBHOOK_KEYS = {
    "type", "url", "url_env", "url_file", "secret_env", "secret_file", "format", "timeout", "ca_file",
}  # fmt: skip
_ROUTE_KEYS = {"channels", "targets", "tags", "min_severity", "include_diff"}
_OPERATIONAL_KEYS = {"channels", "after_failures"}
_DELIVERY_KEYS = {"max_attempts", "backoff_seconds", "backoff_max_seconds", "lease_seconds"}
#: Keys people write by reflex that would put a secret in the watchlist.
_INLINE_SECRETS = {
    "password": "password_env or password_file",
    "secret": "secret_env or secret_file",
}


# --------------------------------------------------------------------------- the configuration


@dataclass(frozen=True, slots=True)
class EmailChannel:
    """An SMTP destination. The password is a reference, read only when sending."""

    name: str
    to: tuple[str, ...]
    sender: str
    smtp_host: str
    smtp_port: int = 587
    security: Security = "starttls"
    username: str | None = None
    password: SecretRef | None = None
    timeout: float = 30.0
    #: A CA bundle for servers with a private certificate authority.
    ca_file: str | None = None

    type: Literal["email"] = field(default="email", init=False)

    def secrets(self) -> tuple[SecretRef, ...]:
        return (self.password,) if self.password else ()


@dataclass(frozen=True, slots=True)
class WebhookChannel:
    """An HTTP endpoint receiving signed JSON (or Slack/Teams messages)."""

    name: str
    #: The URL when written in the config; else ``url_secret`` says where to read it
    #: (Slack and Teams webhook URLs are credentials themselves).
    url: str | None
    secret: SecretRef | None = None
    format: WebhookFormat = "noticewatch"
    timeout: float = 10.0
    url_secret: SecretRef | None = None
    ca_file: str | None = None

    type: Literal["webhook"] = field(default="webhook", init=False)

    def secrets(self) -> tuple[SecretRef, ...]:
        return tuple(s for s in (self.secret, self.url_secret) if s is not None)

    @property
    def display_url(self) -> str:
        """Scheme and host only: paths and queries of webhook URLs often embed tokens."""
        if self.url is None:
            assert self.url_secret is not None
            return f"<URL from {self.url_secret.describe()}>"
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"


Channel = EmailChannel | WebhookChannel


@dataclass(frozen=True, slots=True)
class Route:
    """Which changes go to which channels."""

    channels: tuple[str, ...]
    #: Globs on target ids (``linkedin-*``); empty matches every target.
    targets: tuple[str, ...] = ()
    #: A target must carry at least one of these tags; empty matches every target.
    tags: tuple[str, ...] = ()
    min_severity: MinSeverity = "material"
    include_diff: bool = True


@dataclass(frozen=True, slots=True)
class Operational:
    """Where alerts about the watcher itself (a target failing or blocked) go."""

    channels: tuple[str, ...]
    after_failures: int = 3


@dataclass(frozen=True, slots=True)
class Delivery:
    """Retry policy of the dispatcher."""

    max_attempts: int = 8
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    #: How long a dispatcher owns an alert it is sending; past it, a crashed
    #: dispatcher's alert is picked up again by another one.
    lease_seconds: float = 300.0


def _no_channels() -> Mapping[str, Channel]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class AlertingConfig:
    channels: Mapping[str, Channel] = field(default_factory=_no_channels)
    routes: tuple[Route, ...] = ()
    operational: Operational | None = None
    delivery: Delivery = Delivery()

    @property
    def enabled(self) -> bool:
        return bool(self.channels)

    def channel(self, name: str) -> Channel | None:
        return self.channels.get(name)


# --------------------------------------------------------------------------- parsing


def parse_alerting(raw: Mapping[str, Any], *, file: str) -> AlertingConfig:
    """The alerting configuration of a watchlist document.

    Raises :class:`ConfigError` for a single problem and :class:`ConfigErrors`
    listing all of them when there are several.
    """
    p = _Parser(file)
    channels = p.channels(raw.get("channels"))
    routes = p.routes(raw.get("routes"), channels)
    operational = p.operational(raw.get("operational"), channels)
    delivery = p.delivery(raw.get("delivery"), channels)
    if len(p.errors) == 1:
        raise p.errors[0]
    if p.errors:
        raise ConfigErrors(p.errors)
    return AlertingConfig(
        channels=MappingProxyType(channels),
        routes=routes,
        operational=operational,
        delivery=delivery,
    )


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ConfigError] = []

    def err(self, key: str, message: str) -> None:
        self.errors.append(ConfigError(self.file, key, message))

    def table(self, value: Any, key: str, what: str) -> Mapping[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.err(key, f"must be a table ({what}), got {kind_of(value)}")
            return None
        return value

    def unknown(self, table: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        for key in table:
            if key in allowed:
                continue
            if key in _INLINE_SECRETS:
                # Never echo the value: it is a password.
                self.err(
                    prefix + key,
                    f"secrets do not belong in the watchlist: use {_INLINE_SECRETS[key]} "
                    "(the name of an environment variable, or a file)",
                )
                continue
            self.err(prefix + key, unknown_key(key, allowed))

    def get(
        self, table: Mapping[str, Any], key: str, prefix: str, check: Callable[[Any], str | None]
    ) -> Any:
        if key not in table:
            return None
        value = table[key]
        problem = check(value)
        if problem:
            self.err(prefix + key, problem)
            return None
        return value

    # ------------------------------------------------------------------ channels

    def channels(self, raw: Any) -> dict[str, Channel]:
        table = self.table(raw, "channels", "[channels.NAME]")
        channels: dict[str, Channel] = {}
        for name, entry in (table or {}).items():
            prefix = f"channels.{name}."
            if not _CHANNEL_NAME.fullmatch(name):
                self.err(f"channels.{name}", "channel names use letters, digits, '.', '_' or '-'")
                continue
            entry = self.table(entry, f"channels.{name}", f"[channels.{name}]")
            if entry is None:
                continue
            kind = entry.get("type")
            parse = self.CHANNEL_TYPES.get(kind) if isinstance(kind, str) else None
            if parse is None:
                problem = "missing" if kind is None else f"{kind!r} is not a channel type"
                choices = " or ".join(f'"{t}"' for t in self.CHANNEL_TYPES)
                self.err(prefix + "type", f"{problem}: use {choices}")
                continue
            channel = parse(self, name, entry, prefix)
            if channel is not None:
                channels[name] = channel
        return channels

    def email(self, name: str, entry: Mapping[str, Any], prefix: str) -> EmailChannel | None:
        before = len(self.errors)
        self.unknown(entry, _EMAIL_KEYS, prefix)
        to = entry.get("to")
        if isinstance(to, str):
            to = [to]
        recipients: list[str] = []
        if to is None:
            self.err(prefix + "to", "missing: the address(es) to send to")
        elif not isinstance(to, list) or not to:
            self.err(
                prefix + "to",
                f"must be an address or a non-empty list of addresses, got {kind_of(to)}",
            )
        else:
            for address in to:
                problem = _check_address(address)
                if problem:
                    self.err(prefix + "to", problem)
                else:
                    recipients.append(address.strip())
        sender = self.get(entry, "from", prefix, _check_address)
        if "from" not in entry:
            self.err(prefix + "from", 'missing: the sender address, e.g. "noticewatch@example.org"')
        host = self.get(entry, "smtp_host", prefix, _check_host)
        if "smtp_host" not in entry:
            self.err(prefix + "smtp_host", "missing: the SMTP server's host name")
        security = self.get(entry, "security", prefix, check_choice(SECURITIES)) or "starttls"
        port = self.get(entry, "smtp_port", prefix, check_int(1, 65535))
        username = self.get(entry, "username", prefix, _check_header_text)
        password = self.secret_ref(entry, "password", prefix)
        if username and password is None and not self._has_secret_keys(entry, "password"):
            self.err(prefix + "username", "needs password_env or password_file to log in")
        if password is not None and not username and "username" not in entry:
            self.err(
                prefix + "username", "missing: password_env/password_file is set but no username"
            )
        timeout = self.get(entry, "timeout", prefix, check_number(1, 600))
        ca_file = self.get(entry, "ca_file", prefix, _check_nonempty_str)
        if len(self.errors) > before:
            return None
        return EmailChannel(
            name=name,
            to=tuple(recipients),
            sender=sender.strip(),
            smtp_host=host,
            smtp_port=port or DEFAULT_SMTP_PORTS[security],
            security=security,
            username=username or None,
            password=password,
            timeout=float(timeout or 30.0),
            ca_file=ca_file,
        )

    def webhook(self, name: str, entry: Mapping[str, Any], prefix: str) -> WebhookChannel | None:
        before = len(self.errors)
        self.unknown(entry, _WEBHOOK_KEYS, prefix)
        url = self.get(entry, "url", prefix, _check_http_url)
        url_secret = self.secret_ref(entry, "url", prefix)
        given = sum(key in entry for key in ("url", "url_env", "url_file"))
        if given == 0:
            self.err(
                prefix + "url",
                "missing: the endpoint URL (or url_env / url_file when it is a credential)",
            )
        elif given > 1:
            self.err(prefix + "url", "give only one of url, url_env and url_file")
        fmt = self.get(entry, "format", prefix, check_choice(WEBHOOK_FORMATS)) or "noticewatch"
        secret = self.secret_ref(entry, "secret", prefix)
        if fmt == "noticewatch" and secret is None and not self._has_secret_keys(entry, "secret"):
            self.err(
                prefix + "secret_env",
                "missing: noticewatch webhooks are signed; name the signing secret with "
                "secret_env or secret_file",
            )
        timeout = self.get(entry, "timeout", prefix, check_number(1, 600))
        ca_file = self.get(entry, "ca_file", prefix, _check_nonempty_str)
        if len(self.errors) > before:
            return None
        return WebhookChannel(
            name=name,
            url=url,
            secret=secret,
            format=fmt,
            timeout=float(timeout or 10.0),
            url_secret=url_secret,
            ca_file=ca_file,
        )

    #: Parser of each channel ``type`` (the kinds that send them: ``monitor.alerts.channels``).
    CHANNEL_TYPES: Mapping[
        str, Callable[[_Parser, str, Mapping[str, Any], str], Channel | None]
    ] = {
        "email": email,
        "webhook": webhook,
    }

    @staticmethod
    def _has_secret_keys(entry: Mapping[str, Any], base: str) -> bool:
        return f"{base}_env" in entry or f"{base}_file" in entry

    def secret_ref(self, entry: Mapping[str, Any], base: str, prefix: str) -> SecretRef | None:
        env = self.get(entry, f"{base}_env", prefix, _check_env_name)
        path = self.get(entry, f"{base}_file", prefix, _check_nonempty_str)
        if f"{base}_env" in entry and f"{base}_file" in entry:
            self.err(prefix + f"{base}_env", f"give only one of {base}_env and {base}_file")
            return None
        if env:
            return SecretRef(env=env)
        if path:
            return SecretRef(file=path)
        return None

    # ------------------------------------------------------------------ routes

    def channel_list(
        self, value: Any, key: str, channels: Mapping[str, Channel]
    ) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.err(key, f"must be a non-empty list of channel names, got {kind_of(value)}")
            return ()
        names: list[str] = []
        for name in value:
            if name not in channels:
                close = difflib.get_close_matches(name, sorted(channels), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                known = (
                    f"; defined: {', '.join(sorted(channels))}"
                    if channels
                    else "; no [channels] defined"
                )
                self.err(key, f"unknown channel {name!r}{hint}{known}")
            elif name not in names:
                names.append(name)
        return tuple(names)

    def routes(self, raw: Any, channels: Mapping[str, Channel]) -> tuple[Route, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.err("routes", f"must be an array of tables ([[routes]]), got {kind_of(raw)}")
            return ()
        routes: list[Route] = []
        for index, entry in enumerate(raw):
            prefix = f"routes[{index}]."
            before = len(self.errors)
            if not isinstance(entry, Mapping):
                self.err(f"routes[{index}]", "must be a table")
                continue
            self.unknown(entry, _ROUTE_KEYS, prefix)
            if "channels" not in entry:
                self.err(prefix + "channels", "missing: the channels this route sends to")
                names: tuple[str, ...] = ()
            else:
                names = self.channel_list(entry["channels"], prefix + "channels", channels)
            targets = self.string_list(entry, "targets", prefix)
            tags = self.string_list(entry, "tags", prefix)
            min_severity = self.get(entry, "min_severity", prefix, check_choice(MIN_SEVERITIES))
            include_diff = self.get(entry, "include_diff", prefix, check_bool)
            if len(self.errors) == before:
                routes.append(
                    Route(
                        channels=names,
                        targets=targets,
                        tags=tags,
                        min_severity=min_severity or "material",
                        include_diff=True if include_diff is None else include_diff,
                    )
                )
        return tuple(routes)

    def string_list(self, entry: Mapping[str, Any], key: str, prefix: str) -> tuple[str, ...]:
        value = entry.get(key, ())
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            self.err(
                prefix + key,
                f"must be a string or a list of non-empty strings, got {kind_of(value)}",
            )
            return ()
        return tuple(v.strip() for v in value)

    # ------------------------------------------------------------------ operational, delivery

    def operational(self, raw: Any, channels: Mapping[str, Channel]) -> Operational | None:
        table = self.table(raw, "operational", "[operational]")
        if table is None:
            return None
        before = len(self.errors)
        self.unknown(table, _OPERATIONAL_KEYS, "operational.")
        if "channels" not in table:
            self.err("operational.channels", "missing: the channels operational alerts go to")
        names = self.channel_list(table.get("channels", []), "operational.channels", channels)
        after = self.get(table, "after_failures", "operational.", check_int(1, 1000))
        if len(self.errors) > before:
            return None
        return Operational(channels=names, after_failures=after or 3)

    def delivery(self, raw: Any, channels: Mapping[str, Channel]) -> Delivery:
        table = self.table(raw, "delivery", "[delivery]")
        if table is None:
            return Delivery()
        before = len(self.errors)
        self.unknown(table, _DELIVERY_KEYS, "delivery.")
        defaults = Delivery()
        attempts = self.get(table, "max_attempts", "delivery.", check_int(1, 100))
        base = self.get(table, "backoff_seconds", "delivery.", check_number(0.1, 86400))
        cap = self.get(table, "backoff_max_seconds", "delivery.", check_number(0.1, 7 * 86400))
        lease = self.get(table, "lease_seconds", "delivery.", check_number(10, 86400))
        if len(self.errors) > before:
            return defaults
        delivery = Delivery(
            max_attempts=attempts or defaults.max_attempts,
            backoff_seconds=float(base or defaults.backoff_seconds),
            backoff_max_seconds=float(cap or defaults.backoff_max_seconds),
            lease_seconds=float(lease or defaults.lease_seconds),
        )
        if delivery.backoff_max_seconds < delivery.backoff_seconds:
            self.err(
                "delivery.backoff_max_seconds", "must not be smaller than delivery.backoff_seconds"
            )
        slowest = max((c.timeout for c in channels.values()), default=0.0)
        if delivery.lease_seconds < 4 * slowest:
            # A dispatcher still sending when its lease ends lets another one send the same alert.
            self.err(
                "delivery.lease_seconds",
                f"must be at least 4 x the slowest channel timeout ({slowest:g} s), "
                f"got {delivery.lease_seconds:g}",
            )
        return delivery


# --------------------------------------------------------------------------- checks


def _check_address(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be an email address, got {kind_of(value)}"
    if "\n" in value or "\r" in value:
        return "an email address cannot contain a line break"
    _name, address = parseaddr(value)
    if not _ADDRESS.fullmatch(address or "") or "." not in address.rpartition("@")[2]:
        return f"{value!r} is not an email address"
    return None


def _check_host(value: Any) -> str | None:
    if not isinstance(value, str) or not _HOST.fullmatch(value):
        return f"{value!r} is not a host name"
    return None


def _check_http_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be an http(s) URL, got {kind_of(value)}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        # The URL may carry a token: do not echo it.
        return 'must be an http(s) URL such as "https://hooks.example.org/noticewatch"'
    if any(c.isspace() for c in value):
        return "a URL cannot contain spaces"
    return None


def _check_env_name(value: Any) -> str | None:
    if not isinstance(value, str) or not _ENV_NAME.fullmatch(value):
        return f'must be the name of an environment variable such as "NOTICEWATCH_SECRET", got {kind_of(value)}'
    return None


def _check_nonempty_str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _check_header_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    if "\n" in value or "\r" in value:
        return "cannot contain a line break"
    return None
