"""The alerts outbox: the rows, their claims, leases and state changes.

An alert is a row before it is a message. The recorder writes one row per
channel *in the same transaction* as the change (or incident), so a crash, a
dead SMTP server or a full disk can lose neither. Dispatchers then claim due
rows under a lease, send outside any transaction, and mark the outcome.

This module knows rows, not alerts: which channels hear about a change, what
the payload says and when to try again are decided in ``monitor.alerts``
(``enqueue``, ``channels``, ``dispatcher``) and handed in as values.

Claiming is safe with several dispatchers on one database:

- PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` picks rows no one else is
  claiming, then an UPDATE takes them (status ``sending``, ``claimed_by``,
  ``claimed_until``).
- SQLite: the claim transaction starts with ``BEGIN IMMEDIATE``, taking the
  database's single write lock *before* reading, so the read and the update
  see the same rows and no other process can claim in between; the UPDATE
  re-checks that each row is still claimable and its rowcount is checked.

A dispatcher that dies mid-send leaves its rows in ``sending``; once the lease
ends they are claimable again. ``attempts`` counts claims, so even an alert
that crashes its dispatcher every time ends ``dead`` after ``max_attempts``.
None of these functions commits: the caller's session block is the transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from monitor.errors import NoticewatchError
from storage.db import begin_immediate
from storage.models import AlertRow, utcnow

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000

AlertStatus = Literal["pending", "sending", "sent", "failed", "dead"]


class AlertNotFound(NoticewatchError):
    pass


class AlertNotRetryable(NoticewatchError):
    pass


# --------------------------------------------------------------------------- new rows


def add_alerts(
    session: Session,
    *,
    kind: str,
    keys: Mapping[str, str],
    payloads: Mapping[str, dict[str, Any]],
    now: datetime,
    **links: Any,
) -> list[AlertRow]:
    """One pending row per channel in ``keys`` (channel -> idempotency key), due ``now``.

    A key already in the outbox is skipped, so adding the alerts of one change
    twice adds nothing the second time. ``links`` are the row's foreign keys
    (``target_id``, ``change_id``, ``incident_id``).
    """
    existing = set(
        session.scalars(
            select(AlertRow.idempotency_key).where(AlertRow.idempotency_key.in_(keys.values()))
        )
    )
    rows = [
        AlertRow(
            kind=kind,
            channel=channel,
            idempotency_key=key,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            payload=payloads[channel],
            **links,
        )
        for channel, key in keys.items()
        if key not in existing
    ]
    session.add_all(rows)
    session.flush()
    return rows


def add_claimed_alert(
    session: Session,
    *,
    kind: str,
    channel: str,
    key: str,
    worker: str,
    now: datetime,
    lease_seconds: float,
) -> AlertRow:
    """A row created already claimed by ``worker`` (sent right away: a test message)."""
    row = AlertRow(
        kind=kind,
        channel=channel,
        idempotency_key=key,
        status="sending",
        attempts=1,
        next_attempt_at=now,
        claimed_by=worker,
        claimed_until=now + timedelta(seconds=lease_seconds),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def store_payload(session: Session, alert_id: int, payload: dict[str, Any]) -> None:
    session.execute(update(AlertRow).where(AlertRow.id == alert_id).values(payload=payload))


# --------------------------------------------------------------------------- claim


def _claimable(now: datetime) -> Any:
    return or_(
        and_(
            AlertRow.status == "pending",
            or_(AlertRow.next_attempt_at.is_(None), AlertRow.next_attempt_at <= now),
        ),
        # A dispatcher died (or hung) while sending: its lease is over.
        and_(
            AlertRow.status == "sending",
            or_(AlertRow.claimed_until.is_(None), AlertRow.claimed_until < now),
        ),
    )


def claim_due(
    session: Session,
    *,
    worker: str,
    now: datetime | None = None,
    limit: int = 10,
    lease_seconds: float = 300.0,
    channels: Collection[str] | None = None,
) -> list[AlertRow]:
    """Take up to ``limit`` due alerts for ``worker`` (status ``sending`` until the lease ends).

    ``channels`` limits the claim to the channels this dispatcher can send
    through: an alert for a channel missing from its configuration (another
    watchlist, a machine without that secret) is left for a dispatcher that has it.
    Commit the session right after, before sending anything: the claim must be
    visible to other dispatchers, and no transaction may stay open during a send.
    """
    now = now or utcnow()
    dialect = session.get_bind().dialect.name
    if channels is not None and not channels:
        return []
    pick = (
        select(AlertRow.id)
        .where(_claimable(now))
        .order_by(AlertRow.next_attempt_at.nulls_first(), AlertRow.id)
        .limit(limit)
    )
    if channels is not None:
        pick = pick.where(AlertRow.channel.in_(sorted(channels)))
    if dialect == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    else:
        begin_immediate(session)
    ids = list(session.scalars(pick))
    if not ids:
        return []
    result = session.execute(
        update(AlertRow)
        .where(AlertRow.id.in_(ids), _claimable(now))
        .values(
            status="sending",
            claimed_by=worker,
            claimed_until=now + timedelta(seconds=lease_seconds),
            attempts=AlertRow.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != len(ids):  # cannot happen under the lock; never send what is not ours
        log.warning("claimed %d of %d alerts picked by %s", result.rowcount, len(ids), worker)
    return list(
        session.scalars(
            select(AlertRow)
            .where(
                AlertRow.id.in_(ids), AlertRow.claimed_by == worker, AlertRow.status == "sending"
            )
            .order_by(AlertRow.id)
            .execution_options(populate_existing=True)
        )
    )


def renew_lease(
    session: Session, alert_id: int, *, worker: str, now: datetime, lease_seconds: float
) -> bool:
    """Extend ``worker``'s lease before a send; False if the alert is no longer ours."""
    result = session.execute(
        update(AlertRow)
        .where(AlertRow.id == alert_id, AlertRow.status == "sending", AlertRow.claimed_by == worker)
        .values(claimed_until=now + timedelta(seconds=lease_seconds))
    )
    return result.rowcount == 1


# --------------------------------------------------------------------------- mark


def _id(alert: AlertRow | int) -> int:
    return alert if isinstance(alert, int) else alert.id


def _ours(alert_id: int, worker: str | None) -> Any:
    condition = and_(AlertRow.id == alert_id, AlertRow.status == "sending")
    return and_(condition, AlertRow.claimed_by == worker) if worker is not None else condition


def _error_text(error: object) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def mark_sent(session: Session, alert: AlertRow | int, *, now: datetime | None = None) -> bool:
    """Record a delivery. Unconditional on the lease: it *was* delivered, never send it again."""
    now = now or utcnow()
    result = session.execute(
        update(AlertRow)
        .where(AlertRow.id == _id(alert), AlertRow.status != "sent")
        .values(
            status="sent", sent_at=now, claimed_by=None, claimed_until=None, next_attempt_at=None
        )
    )
    return result.rowcount == 1


def mark_retry(
    session: Session,
    alert: AlertRow | int,
    error: object,
    *,
    retry_at: datetime | None,
    worker: str | None = None,
) -> Literal["pending", "dead", "lost"]:
    """A failed attempt that may succeed later: pending again at ``retry_at``, or ``dead`` if None.

    The caller (the dispatcher's retry policy) decides both. Returns the new
    status, or ``lost`` when the alert is no longer this worker's (its lease
    ended and another dispatcher took it).
    """
    status: Literal["pending", "dead"] = "dead" if retry_at is None else "pending"
    result = session.execute(
        update(AlertRow)
        .where(_ours(_id(alert), worker))
        .values(
            status=status,
            next_attempt_at=retry_at,
            last_error=_error_text(error),
            claimed_by=None,
            claimed_until=None,
        )
    )
    return status if result.rowcount == 1 else "lost"


def mark_failed(
    session: Session, alert: AlertRow | int, error: object, *, worker: str | None = None
) -> bool:
    """A permanent failure (rejected recipient, HTTP 4xx): not retried until someone asks."""
    result = session.execute(
        update(AlertRow)
        .where(_ours(_id(alert), worker))
        .values(
            status="failed",
            last_error=_error_text(error),
            claimed_by=None,
            claimed_until=None,
            next_attempt_at=None,
        )
    )
    return result.rowcount == 1


# --------------------------------------------------------------------------- by hand


def retry(session: Session, alert_id: int, *, now: datetime | None = None) -> AlertRow:
    """Make a failed, dead (or waiting) alert due now, with a fresh attempt budget."""
    now = now or utcnow()
    begin_immediate(session)  # read-then-write
    row = session.get(AlertRow, alert_id, populate_existing=True)
    if row is None:
        raise AlertNotFound(f"no alert with id {alert_id} (see `noticewatch alerts list`)")
    if row.status == "sent":
        raise AlertNotRetryable(
            f"alert {alert_id} was already delivered at {row.sent_at:%Y-%m-%d %H:%M UTC}"
        )
    if row.status == "sending" and row.claimed_until is not None and row.claimed_until >= now:
        raise AlertNotRetryable(f"alert {alert_id} is being sent right now by {row.claimed_by}")
    row.status = "pending"
    row.attempts = 0
    row.next_attempt_at = now
    row.claimed_by = None
    row.claimed_until = None
    session.flush()
    return row


def retry_all_dead(session: Session, *, now: datetime | None = None) -> int:
    """Give every dead alert a fresh attempt budget; returns how many."""
    result = session.execute(
        update(AlertRow)
        .where(AlertRow.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=now or utcnow())
    )
    return result.rowcount


def list_alerts(
    session: Session, status: AlertStatus | Sequence[str] | None = None, *, limit: int | None = None
) -> list[AlertRow]:
    """Alerts oldest first (all, or those in ``status``)."""
    query = select(AlertRow).order_by(AlertRow.id)
    if isinstance(status, str):
        query = query.where(AlertRow.status == status)
    elif status is not None:
        query = query.where(AlertRow.status.in_(list(status)))
    if limit is not None:
        query = query.order_by(None).order_by(AlertRow.id.desc()).limit(limit)
        return sorted(session.scalars(query), key=lambda r: r.id)
    return list(session.scalars(query))


def status_counts(session: Session) -> dict[str, int]:
    """How many alerts are in each status (health checks, metrics)."""
    rows = session.execute(select(AlertRow.status, func.count()).group_by(AlertRow.status))
    return {status: count for status, count in rows}
