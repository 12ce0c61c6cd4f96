"""Alerts: routing, message content, channel kinds (email, webhooks), and the outbox dispatcher.

A change becomes alert rows in the recording transaction (``enqueue``: the
routes pick the channels, each channel's kind in ``channels`` freezes its
payload, ``storage.outbox`` stores the rows); a
:class:`~monitor.alerts.dispatcher.Dispatcher` delivers them later, outside
any transaction, retrying with backoff until delivered, failed or dead.
The channels raise the two errors below, which decide what happens next.
"""

from __future__ import annotations

import socket

from monitor.errors import NoticewatchError


class DeliveryError(NoticewatchError):
    """A send did not go through. ``retryable`` says whether trying again may help."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        #: Seconds the receiver asked us to wait (HTTP Retry-After), if any.
        self.retry_after = retry_after


class TransientDeliveryError(DeliveryError):
    """Down, timed out, 4xx SMTP, HTTP 5xx/408/429: retried with backoff."""


class PermanentDeliveryError(DeliveryError):
    """Refused for good (5xx SMTP such as an unknown recipient, HTTP 4xx): marked failed."""

    retryable = False


def network_error_text(reason: object) -> str:
    """A connection failure in a few words, the same for every channel."""
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return f"host not found ({reason.strerror or reason})"
    if isinstance(reason, BaseException):
        return f"{type(reason).__name__}: {reason}" if str(reason) else type(reason).__name__
    return str(reason)


__all__ = [
    "DeliveryError",
    "PermanentDeliveryError",
    "TransientDeliveryError",
    "network_error_text",
]
