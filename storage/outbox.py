"""The alerts outbox: enqueue in the recording transaction, claim, mark, retry.

An alert is a row before it is a message. The recorder writes one row per
channel *in the same transaction* as the change (or incident), so a crash, a
dead SMTP server or a full disk can lose neither. Dispatchers then claim due
rows under a lease, send outside any transaction, and mark the outcome.

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
import random
import uuid
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from monitor.alerts import message as msg
from monitor.alerts.config import AlertingConfig, Channel, Delivery
from monitor.alerts.routing import channels_for_change, channels_for_incident
from monitor.errors import NoticewatchError
from monitor.model import Severity
from monitor.targets import Target
from storage.db import begin_immediate
from storage.models import AlertRow, ChangeRow, IncidentRow, TargetRow, VersionRow, utcnow

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000
#: Never retry sooner than this, whatever the jitter draws.
MIN_RETRY_SECONDS = 1.0

AlertStatus = Literal["pending", "sending", "sent", "failed", "dead"]


class AlertNotFound(NoticewatchError):
    pass


class AlertNotRetryable(NoticewatchError):
    pass


# --------------------------------------------------------------------------- enqueue


def enqueue_change_alerts(
    session: Session,
    cfg: AlertingConfig | None,
    target: Target,
    change_row: ChangeRow,
    severity: Severity | str,
    *,
    now: datetime | None = None,
) -> list[AlertRow]:
    """One pending alert per channel routed for this change, in the caller's transaction.

    Idempotent: calling it twice for the same change adds nothing the second time.
    The message is rendered and frozen now when possible; if rendering fails the
    change is still recorded and the dispatcher renders it at first send.
    """
    matches = channels_for_change(cfg, target, Severity(severity))
    if not matches:
        return []
    assert cfg is not None
    now = now or utcnow()
    session.flush()  # the change needs its id
    version = session.get(VersionRow, change_row.to_version_id)
    assert version is not None
    row_target = session.get(TargetRow, change_row.target_id)
    slug = row_target.slug if row_target is not None else target.id
    wanted = {
        m.channel: (
            msg.make_change_key(slug, version.number, version.text_sha256, m.channel),
            m.include_diff,
        )
        for m in matches
    }
    rows = _add_rows(
        session,
        kind="change",
        keys={name: key for name, (key, _diff) in wanted.items()},
        include_diff={name: diff for name, (_key, diff) in wanted.items()},
        now=now,
        target_id=change_row.target_id,
        change_id=change_row.id,
    )
    if rows:
        try:
            ctx = msg.load_change(session, change_row)
        except Exception:
            log.exception(
                "could not read change %s for its alerts; they will be rendered when sent",
                change_row.id,
            )
            return rows
        for row in rows:
            channel = cfg.channels[row.channel]
            env = _envelope(row)
            _freeze(
                row, channel, lambda channel=channel, env=env: msg.change_payload(channel, ctx, env)
            )
    return rows


def enqueue_operational(
    session: Session,
    cfg: AlertingConfig | None,
    target: Target,
    incident_row: IncidentRow,
    event: Literal["opened", "resolved"],
    *,
    now: datetime | None = None,
) -> list[AlertRow]:
    """One pending alert per operational channel about an incident opening or resolving."""
    if event not in ("opened", "resolved"):
        raise ValueError(f"event must be 'opened' or 'resolved', got {event!r}")
    names = channels_for_incident(cfg)
    if not names:
        return []
    assert cfg is not None
    now = now or utcnow()
    session.flush()
    ctx = msg.load_incident(session, incident_row, event)
    rows = _add_rows(
        session,
        kind="operational",
        keys={name: msg.incident_key(ctx, name) for name in names},
        include_diff=dict.fromkeys(names, False),
        event=msg.event_name("operational", event),
        now=now,
        target_id=incident_row.target_id,
        incident_id=incident_row.id,
    )
    for row in rows:
        channel = cfg.channels[row.channel]
        env = _envelope(row)
        _freeze(
            row, channel, lambda channel=channel, env=env: msg.incident_payload(channel, ctx, env)
        )
    return rows


def enqueue_test(
    session: Session,
    channel: Channel,
    *,
    worker: str,
    now: datetime | None = None,
    lease_seconds: float = 300,
) -> AlertRow:
    """A test alert, created already claimed by ``worker`` (it is sent right away, never retried)."""
    now = now or utcnow()
    row = AlertRow(
        kind="test",
        channel=channel.name,
        idempotency_key=msg.make_key("test", channel.name, uuid.uuid4().hex),
        status="sending",
        attempts=1,
        next_attempt_at=now,
        claimed_by=worker,
        claimed_until=now + timedelta(seconds=lease_seconds),
        created_at=now,
    )
    session.add(row)
    session.flush()
    row.payload = msg.payload_for_test(channel, _envelope(row))
    session.flush()
    return row


def _add_rows(
    session: Session,
    *,
    kind: str,
    keys: dict[str, str],
    include_diff: dict[str, bool],
    now: datetime,
    event: str | None = None,
    **links: Any,
) -> list[AlertRow]:
    existing = set(
        session.scalars(
            select(AlertRow.idempotency_key).where(AlertRow.idempotency_key.in_(keys.values()))
        )
    )
    rows = [
        AlertRow(
            kind=kind,
            channel=name,
            idempotency_key=key,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            # Until rendered, the payload keeps what rendering needs besides the stored rows.
            payload={
                "v": msg.PAYLOAD_VERSION,
                "include_diff": include_diff[name],
                **({"event": event} if event else {}),
            },
            **links,
        )
        for name, key in keys.items()
        if key not in existing
    ]
    session.add_all(rows)
    session.flush()
    return rows


def _envelope(row: AlertRow) -> msg.Envelope:
    return msg.Envelope(
        key=row.idempotency_key,
        kind=row.kind,
        channel=row.channel,
        created_at=row.created_at,
        alert_id=row.id,
        include_diff=bool((row.payload or {}).get("include_diff", True)),
    )


def _freeze(row: AlertRow, channel: Channel, render: Any) -> None:
    try:
        row.payload = render()
    except Exception:
        # Never let a rendering bug lose the change being recorded: render again at first send.
        log.exception(
            "could not render alert %s for channel %s now; it will be rendered when sent",
            row.id,
            row.channel,
        )


def render_payload(session: Session, row: AlertRow, channel: Channel) -> dict[str, Any]:
    """Render (again) the content of ``row`` for ``channel``, from the stored change or incident."""
    env = _envelope(row)
    if row.kind == "change":
        if row.change_id is None:
            raise ValueError(f"alert {row.id} has no change")
        return msg.change_payload(channel, msg.load_change(session, row.change_id), env)
    if row.kind == "operational":
        if row.incident_id is None:
            raise ValueError(f"alert {row.id} has no incident")
        event = str((row.payload or {}).get("event", "")).removeprefix("incident.")
        if event not in ("opened", "resolved"):
            incident = session.get(IncidentRow, row.incident_id)
            event = (
                "resolved"
                if incident is not None and incident.resolved_at is not None
                else "opened"
            )
        return msg.incident_payload(
            channel, msg.load_incident(session, row.incident_id, event), env
        )
    return msg.payload_for_test(channel, env)


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


def backoff_seconds(attempts: int, delivery: Delivery, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base x 2^(attempts-1))]."""
    ceiling = min(
        delivery.backoff_max_seconds, delivery.backoff_seconds * 2 ** max(0, attempts - 1)
    )
    return max(MIN_RETRY_SECONDS, (rng or random).uniform(0, ceiling))


def mark_retry(
    session: Session,
    alert: AlertRow | int,
    error: object,
    *,
    now: datetime | None = None,
    delivery: Delivery | AlertingConfig | None = None,
    worker: str | None = None,
    rng: random.Random | None = None,
    retry_after: float | None = None,
) -> Literal["pending", "dead", "lost"]:
    """A failed attempt that may succeed later: back off, or ``dead`` once attempts are used up.

    Returns the new status, or ``lost`` when the alert is no longer this
    worker's (its lease ended and another dispatcher took it).
    """
    now = now or utcnow()
    if isinstance(delivery, AlertingConfig):
        delivery = delivery.delivery
    delivery = delivery or Delivery()
    alert_id = _id(alert)
    begin_immediate(session)  # read-then-write
    attempts = session.scalar(select(AlertRow.attempts).where(AlertRow.id == alert_id)) or 0
    if attempts >= delivery.max_attempts:
        values: dict[str, Any] = {"status": "dead", "next_attempt_at": None}
    else:
        delay = backoff_seconds(attempts, delivery, rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, delivery.backoff_max_seconds))
        values = {"status": "pending", "next_attempt_at": now + timedelta(seconds=delay)}
    result = session.execute(
        update(AlertRow)
        .where(_ours(alert_id, worker))
        .values(**values, last_error=_error_text(error), claimed_by=None, claimed_until=None)
    )
    return values["status"] if result.rowcount == 1 else "lost"


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
