"""Deliver the outbox: claim due alerts, send them outside any transaction, record the outcome.

Each step is its own short transaction — claim, (render once), renew the
lease if it runs short, mark — and the network is touched only between them,
so a slow SMTP server never holds a database lock, and a crash at any point
leaves every alert either pending, leased (and claimable again when the lease
ends), or recorded. The one window left — delivered but not yet marked — can
produce a second copy, byte-identical and carrying the same idempotency key /
Message-ID, which receivers can drop.
"""

from __future__ import annotations

import logging
import os
import random
import secrets as _secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from monitor.alerts import DeliveryError
from monitor.alerts.channels import kind_for
from monitor.alerts.config import AlertingConfig, Channel, Delivery
from monitor.alerts.enqueue import enqueue_test, render_payload
from monitor.errors import NoticewatchError
from storage import outbox
from storage.models import AlertRow, utcnow

log = logging.getLogger(__name__)

DEFAULT_BATCH = 10
DEFAULT_INTERVAL = 5.0
#: Never retry sooner than this, whatever the jitter draws.
MIN_RETRY_SECONDS = 1.0


@dataclass
class DispatchReport:
    """What one ``dispatch_once`` did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dead: int = 0
    #: Alerts whose lease passed to another dispatcher before this one sent them.
    lost: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "dead": self.dead,
            **({"lost": self.lost} if self.lost else {}),
        }

    def __bool__(self) -> bool:
        return self.claimed > 0


@dataclass(frozen=True, slots=True)
class TestResult:
    ok: bool
    channel: str
    alert_id: int
    detail: str


class UnknownChannel(NoticewatchError):
    pass


def default_worker_name() -> str:
    """Host, process and a random suffix: unique per Dispatcher, readable in ``alerts list``."""
    return f"{socket.gethostname()}:{os.getpid()}:{_secrets.token_hex(3)}"


def backoff_seconds(attempts: int, delivery: Delivery, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base x 2^(attempts-1))]."""
    ceiling = min(
        delivery.backoff_max_seconds, delivery.backoff_seconds * 2 ** max(0, attempts - 1)
    )
    return max(MIN_RETRY_SECONDS, (rng or random).uniform(0, ceiling))


def next_attempt(
    attempts: int,
    delivery: Delivery,
    now: datetime,
    *,
    rng: random.Random | None = None,
    retry_after: float | None = None,
) -> datetime | None:
    """When to try an alert again after ``attempts`` failed ones; None once they are used up.

    A receiver's ``Retry-After`` is honoured up to the backoff cap.
    """
    if attempts >= delivery.max_attempts:
        return None
    delay = backoff_seconds(attempts, delivery, rng)
    if retry_after is not None:
        delay = max(delay, min(retry_after, delivery.backoff_max_seconds))
    return now + timedelta(seconds=delay)


class Dispatcher:
    """Delivers pending alerts of one database through the channels of one configuration."""

    def __init__(
        self,
        database: Any,
        config: AlertingConfig | None,
        *,
        worker: str | None = None,
        batch_size: int = DEFAULT_BATCH,
        rng: random.Random | None = None,
    ) -> None:
        self.database = database
        #: None (no [channels] in the watchlist) sends nothing and leaves every alert pending.
        self.config = config if config is not None else AlertingConfig()
        self.worker = worker or default_worker_name()
        self.batch_size = batch_size
        self.rng = rng or random.Random()

    @property
    def lease_seconds(self) -> float:
        return self.config.delivery.lease_seconds

    # ------------------------------------------------------------------ one pass

    def dispatch_once(
        self, now: datetime | None = None, *, max_alerts: int | None = None
    ) -> DispatchReport:
        """Deliver every alert due at ``now`` (default: the current time); returns what happened.

        ``now`` lets tests drive backoff without sleeping: time inside the pass
        advances from ``now`` at the real clock's pace.
        """
        report = DispatchReport()
        clock = _clock(now)
        while max_alerts is None or report.claimed < max_alerts:
            limit = (
                self.batch_size
                if max_alerts is None
                else min(self.batch_size, max_alerts - report.claimed)
            )
            with self.database.session() as session:
                rows = outbox.claim_due(
                    session,
                    worker=self.worker,
                    now=clock(),
                    limit=limit,
                    lease_seconds=self.lease_seconds,
                    channels=list(self.config.channels),
                )
            if not rows:
                break
            report.claimed += len(rows)
            for row in rows:
                self._deliver(row, clock, report)
        return report

    def _deliver(self, row: AlertRow, clock: Any, report: DispatchReport) -> None:
        channel = self.config.channel(row.channel)
        if channel is None:  # claims are limited to configured channels: a safety net only
            self._failed(row, f"channel {row.channel!r} is not in the configuration", report)
            return
        kind = kind_for(channel)
        payload = row.payload
        if not kind.holds(payload):
            try:
                with self.database.session() as session:
                    payload = render_payload(session, row, channel)
                    outbox.store_payload(session, row.id, payload)
            except Exception as exc:
                log.exception("alert %s: cannot render its content", row.id)
                self._retry(
                    row, f"cannot render the alert: {type(exc).__name__}: {exc}", clock, report
                )
                return
        assert payload is not None
        if not self._lease_holds(row, channel, clock):
            report.lost += 1
            return
        try:
            note = kind.send(payload, row.idempotency_key)
        except DeliveryError as exc:
            log.warning("alert %s via %s: %s", row.id, row.channel, exc)
            if exc.retryable:
                self._retry(row, str(exc), clock, report, retry_after=exc.retry_after)
            else:
                self._failed(row, str(exc), report)
            return
        except Exception as exc:  # a bug, not the receiver: keep the alert, retry later
            log.exception("alert %s via %s: unexpected error", row.id, row.channel)
            self._retry(row, f"{type(exc).__name__}: {exc}", clock, report)
            return
        with self.database.session() as session:
            outbox.mark_sent(session, row.id, now=clock())
        report.sent += 1
        log.info("alert %s via %s sent: %s", row.id, row.channel, note)

    def _lease_holds(self, row: AlertRow, channel: Channel, clock: Any) -> bool:
        """Renew the lease when what is left may not cover a slow send (4 x the channel timeout)."""
        now = clock()
        if row.claimed_until is not None and row.claimed_until - now > timedelta(
            seconds=4 * channel.timeout
        ):
            return True
        with self.database.session() as session:
            held = outbox.renew_lease(
                session, row.id, worker=self.worker, now=now, lease_seconds=self.lease_seconds
            )
        if not held:
            log.warning("alert %s: lease lost to another dispatcher; not sending", row.id)
        return held

    def _retry(
        self,
        row: AlertRow,
        error: str,
        clock: Any,
        report: DispatchReport,
        *,
        retry_after: float | None = None,
    ) -> None:
        retry_at = next_attempt(
            row.attempts, self.config.delivery, clock(), rng=self.rng, retry_after=retry_after
        )
        with self.database.session() as session:
            status = outbox.mark_retry(
                session, row.id, error, retry_at=retry_at, worker=self.worker
            )
        report.errors.append(f"alert {row.id} via {row.channel}: {error}")
        if status == "dead":
            report.dead += 1
            log.error(
                "alert %s via %s is dead after %s attempts: %s",
                row.id,
                row.channel,
                row.attempts,
                error,
            )
        elif status == "pending":
            report.retried += 1
        else:
            report.lost += 1

    def _failed(self, row: AlertRow, error: str, report: DispatchReport) -> None:
        with self.database.session() as session:
            changed = outbox.mark_failed(session, row.id, error, worker=self.worker)
        report.errors.append(f"alert {row.id} via {row.channel}: {error}")
        if changed:
            report.failed += 1
            log.error("alert %s via %s failed: %s", row.id, row.channel, error)
        else:
            report.lost += 1

    # ------------------------------------------------------------------ daemon

    def run_forever(
        self,
        stop_event: threading.Event,
        *,
        interval: float = DEFAULT_INTERVAL,
        on_report: Callable[[DispatchReport], None] | None = None,
    ) -> None:
        """Dispatch every ``interval`` seconds until ``stop_event`` is set (the daemon's thread).

        ``on_report`` sees each pass's report (the daemon counts deliveries with it).
        """
        while not stop_event.is_set():
            try:
                report = self.dispatch_once()
            except Exception:
                log.exception("alert dispatch failed; trying again in %g s", interval)
            else:
                if on_report is not None:
                    on_report(report)
            stop_event.wait(interval)

    # ------------------------------------------------------------------ test message

    def send_test(self, channel_name: str) -> TestResult:
        """Send a real test message through ``channel_name`` now; recorded as a ``test`` alert."""
        channel = self.config.channel(channel_name)
        if channel is None:
            known = ", ".join(sorted(self.config.channels)) or "none configured"
            raise UnknownChannel(f"unknown channel {channel_name!r} (channels: {known})")
        with self.database.session() as session:
            row = enqueue_test(
                session, channel, worker=self.worker, lease_seconds=self.lease_seconds
            )
        assert row.payload is not None
        try:
            note = kind_for(channel).send(row.payload, row.idempotency_key)
        except Exception as exc:
            detail = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            with self.database.session() as session:
                outbox.mark_failed(session, row.id, detail, worker=self.worker)
            return TestResult(ok=False, channel=channel_name, alert_id=row.id, detail=detail)
        with self.database.session() as session:
            outbox.mark_sent(session, row.id)
        return TestResult(ok=True, channel=channel_name, alert_id=row.id, detail=note)


def _clock(start: datetime | None) -> Any:
    """A clock starting at ``start`` and advancing in real time (or the real clock)."""
    if start is None:
        return utcnow
    origin = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - origin)
