"""Alert channels: one class per kind of destination, found by the channel's ``type`` and ``format``.

A kind does two things with an alert: ``render`` shapes what the alert says
into the payload frozen on its outbox row (every retry sends exactly that),
and ``send`` delivers such a payload, raising a
:class:`~monitor.alerts.DeliveryError` that says whether to retry. The
dispatcher and the enqueueing code never ask which kind a channel is: they
call :func:`kind_for` and use what it returns.

Adding a channel (say, Matrix) is one subclass registered here with
``@register("webhook/matrix")`` (or a new ``type``), plus its keys in
``monitor.alerts.config``; ``tests/test_alerts_channels.py`` checks that every
type and format the configuration accepts has a kind. What an alert says comes from
``headlines`` (the title), ``email_content`` (the e-mail) and ``bodies`` (the webhook
JSON and the Slack and Teams messages), about what ``context`` read from the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from monitor.alerts import bodies, email_content, headlines
from monitor.alerts.config import Channel, EmailChannel, WebhookChannel
from monitor.alerts.context import ChangeContext, Envelope, IncidentContext

#: Version of the frozen payload layout in AlertRow.payload.
PAYLOAD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Content:
    """What one alert says, before a channel shapes it: a title and two lazy renderings.

    Only what the channel needs is rendered (an email channel never builds the webhook JSON).
    """

    title: str
    email: Callable[[], email_content.EmailContent]
    document: Callable[[], dict[str, Any]]

    @classmethod
    def change(cls, ctx: ChangeContext, env: Envelope) -> Content:
        return cls(
            headlines.change_subject(ctx),
            lambda: email_content.change_email(ctx, env),
            lambda: bodies.change_document(ctx, env),
        )

    @classmethod
    def incident(cls, ctx: IncidentContext, env: Envelope) -> Content:
        return cls(
            headlines.incident_subject(ctx),
            lambda: email_content.incident_email(ctx, env),
            lambda: bodies.incident_document(ctx, env),
        )

    @classmethod
    def test(cls, env: Envelope) -> Content:
        return cls(
            headlines.subject_for_test(env),
            lambda: email_content.email_for_test(env),
            lambda: bodies.document_for_test(env),
        )


class ChannelKind:
    """How alerts reach one kind of destination. Subclasses set ``marks`` and implement both halves."""

    #: Registry key (``email``, ``webhook/slack`` ...), set by :func:`register`.
    key: ClassVar[str] = ""
    #: Fields every payload this kind renders carries, and that a frozen payload must carry to be sent.
    marks: ClassVar[Mapping[str, str]] = {}

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def render(self, content: Content, env: Envelope) -> dict[str, Any]:
        """The payload to freeze on the alert row."""
        base = {"v": PAYLOAD_VERSION, "include_diff": env.include_diff, "title": content.title}
        return {**base, **self.marks, **self.shape(content)}

    def shape(self, content: Content) -> dict[str, Any]:
        raise NotImplementedError

    def holds(self, payload: Mapping[str, Any] | None) -> bool:
        """True when ``payload`` was rendered for this kind of channel by this payload version."""
        if not payload or payload.get("v") != PAYLOAD_VERSION:
            return False
        return all(payload.get(name) == value for name, value in self.marks.items())

    def send(self, payload: Mapping[str, Any], key: str) -> str:
        """Deliver a frozen payload; returns a short note, raises a DeliveryError."""
        raise NotImplementedError


_KINDS: dict[str, type[ChannelKind]] = {}


def register(key: str) -> Callable[[type[ChannelKind]], type[ChannelKind]]:
    """Class decorator: the kind for channels whose :func:`kind_key` is ``key``."""

    def add(cls: type[ChannelKind]) -> type[ChannelKind]:
        if key in _KINDS:
            raise ValueError(f"channel kind {key!r} is registered twice")
        cls.key = key
        _KINDS[key] = cls
        return cls

    return add


def kind_key(channel: Channel) -> str:
    """``type``, or ``type/format`` for channels with a format (webhooks)."""
    fmt = getattr(channel, "format", None)
    return f"{channel.type}/{fmt}" if fmt else channel.type


def kind_for(channel: Channel) -> ChannelKind:
    """The kind that renders and sends for ``channel``."""
    key = kind_key(channel)
    try:
        return _KINDS[key](channel)
    except KeyError:
        raise ValueError(f"no channel kind {key!r} (known: {', '.join(sorted(_KINDS))})") from None


def registered() -> frozenset[str]:
    return frozenset(_KINDS)


# --------------------------------------------------------------------------- the kinds


@register("email")
class Email(ChannelKind):
    """A multipart (text + HTML) message over SMTP."""

    marks: ClassVar[Mapping[str, str]] = {"type": "email"}

    def shape(self, content: Content) -> dict[str, Any]:
        email = content.email()
        return {
            "event": email.headers["X-Noticewatch-Event"],
            "subject": email.subject,
            "text": email.text,
            "html": email.html,
            "message_id": email.message_id,
            "date": email.date,
            "headers": dict(email.headers),
        }

    def send(self, payload: Mapping[str, Any], key: str) -> str:
        from monitor.alerts.email import send_email

        assert isinstance(self.channel, EmailChannel)
        return send_email(self.channel, payload)


class Webhook(ChannelKind):
    """A JSON POST; subclasses choose the body built from the ``noticewatch.alert/v1`` document."""

    format: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.marks = {"type": "webhook", "format": cls.format}

    def body(self, document: dict[str, Any]) -> Mapping[str, Any]:
        raise NotImplementedError

    def shape(self, content: Content) -> dict[str, Any]:
        document = content.document()
        return {"event": document["event"], "body": bodies.dumps(self.body(document))}

    def send(self, payload: Mapping[str, Any], key: str) -> str:
        from monitor.alerts.webhook import post_webhook

        assert isinstance(self.channel, WebhookChannel)
        return post_webhook(self.channel, payload, key=key)


@register("webhook/noticewatch")
class NoticewatchWebhook(Webhook):
    """The signed, versioned ``noticewatch.alert/v1`` document itself."""

    format = "noticewatch"

    def body(self, document: dict[str, Any]) -> Mapping[str, Any]:
        return document


@register("webhook/slack")
class SlackWebhook(Webhook):
    """A Slack incoming-webhook message."""

    format = "slack"

    def body(self, document: dict[str, Any]) -> Mapping[str, Any]:
        return bodies.slack_message(document)


@register("webhook/teams")
class TeamsWebhook(Webhook):
    """A Microsoft Teams (Workflows) message carrying an Adaptive Card."""

    format = "teams"

    def body(self, document: dict[str, Any]) -> Mapping[str, Any]:
        return bodies.teams_message(document)
