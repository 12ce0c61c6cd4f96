"""Email channel: a frozen payload becomes a multipart message sent over SMTP.

STARTTLS (port 587) or implicit TLS (465) with the system's trust store (or a
configured CA file) and hostname checking, optional login with a password read
at send time. Failures are sorted into what a retry may fix (the server is
down, times out, or answers 4xx) and what it will not (5xx, such as a rejected
recipient or a refused login, and certificates that do not verify).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import parseaddr
from functools import cache
from typing import Any

from monitor.alerts import PermanentDeliveryError, TransientDeliveryError, network_error_text
from monitor.alerts.config import EmailChannel
from monitor.alerts.secrets import Secret, SecretError, redact


def build_message(channel: EmailChannel, payload: Mapping[str, Any]) -> EmailMessage:
    """The email for a frozen payload: identical for every attempt (Date and Message-ID included)."""
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = payload["subject"]
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["Date"] = payload["date"]
    message["Message-ID"] = payload["message_id"]
    # RFC 3834: tells auto-responders (vacation replies) not to answer.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (payload.get("headers") or {}).items():
        message[name] = value
    message.set_content(payload["text"], subtype="plain", charset="utf-8")
    message.add_alternative(payload["html"], subtype="html", charset="utf-8")
    return message


@cache
def _local_hostname() -> str:
    return socket.getfqdn() or "localhost"


@cache
def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """Certificate and hostname verification on, as ``ssl.create_default_context`` sets them.

    Cached per CA file: loading the system trust store costs ~40 ms, per message otherwise.
    """
    return ssl.create_default_context(cafile=ca_file)


def send_email(channel: EmailChannel, payload: Mapping[str, Any]) -> str:
    """Send one frozen email payload; returns a short note, raises a DeliveryError."""
    where = f"SMTP {channel.smtp_host}:{channel.smtp_port}"
    password: Secret | None = None
    if channel.password is not None:
        try:
            password = channel.password.resolve()
        except SecretError as exc:
            # Fixable by the operator without touching the alert: retry later.
            raise TransientDeliveryError(f"{where}: {exc}") from None
    message = build_message(channel, payload)
    sender = parseaddr(channel.sender)[1]
    recipients = [parseaddr(address)[1] for address in channel.to]
    try:
        refused = _deliver(channel, message, sender, recipients, password)
    except (PermanentDeliveryError, TransientDeliveryError):
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        detail = _refusals(exc.recipients)
        error = (
            TransientDeliveryError if any(400 <= c < 500 for c in codes) else PermanentDeliveryError
        )
        raise error(redact(f"{where}: all recipients refused: {detail}", [password])) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentDeliveryError(f"{where}: {exc} (check `security`)") from None
    except smtplib.SMTPResponseException as exc:
        reply = _reply(exc.smtp_code, exc.smtp_error)
        text = redact(f"{where}: {reply}", [password])
        if 500 <= exc.smtp_code < 600:
            raise PermanentDeliveryError(text) from None
        raise TransientDeliveryError(text) from None
    except ssl.SSLCertVerificationError as exc:
        raise PermanentDeliveryError(
            f"{where}: TLS certificate not trusted ({exc.verify_message}); set ca_file for a private CA"
        ) from None
    except smtplib.SMTPException as exc:
        raise TransientDeliveryError(
            redact(f"{where}: {exc or type(exc).__name__}", [password])
        ) from None
    except (OSError, EOFError) as exc:  # refused, unreachable, timeouts, TLS handshake errors
        raise TransientDeliveryError(f"{where}: {network_error_text(exc)}") from None
    accepted = len(recipients) - len(refused)
    note = f"accepted by {where} for {accepted} recipient(s)"
    if refused:
        note += f"; refused: {_refusals(refused)}"
    return note


def _deliver(
    channel: EmailChannel,
    message: EmailMessage,
    sender: str,
    recipients: list[str],
    password: Secret | None,
) -> dict[str, tuple[int, bytes]]:
    smtp: smtplib.SMTP
    if channel.security == "tls":
        smtp = smtplib.SMTP_SSL(
            channel.smtp_host,
            channel.smtp_port,
            local_hostname=_local_hostname(),
            timeout=channel.timeout,
            context=tls_context(channel.ca_file),
        )
    else:
        smtp = smtplib.SMTP(
            channel.smtp_host,
            channel.smtp_port,
            local_hostname=_local_hostname(),
            timeout=channel.timeout,
        )
    with smtp:
        smtp.ehlo()
        if channel.security == "starttls":
            # Refuse to go on in clear text when the server does not offer STARTTLS.
            smtp.starttls(context=tls_context(channel.ca_file))
            smtp.ehlo()
        if channel.username is not None and password is not None:
            smtp.login(channel.username, password.reveal())
        return smtp.send_message(message, from_addr=sender, to_addrs=recipients)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _refusals(recipients: Mapping[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address}: {_reply(code, text)}" for address, (code, text) in recipients.items()
    )
