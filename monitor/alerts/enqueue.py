"""From a recorded change (or incident) to outbox rows: who hears about it, and what they will get.

Called by the recorder *inside* its transaction, so a change is never stored
without its alerts. The routes decide the channels (``routing``); each row's
content is rendered and frozen now by the channel's kind (``channels``), so
every retry sends the same bytes. If rendering fails, the change is still
recorded and the dispatcher renders the alert at its first send
(:func:`render_payload`). The rows themselves — insertion, claims, leases,
state changes — are ``storage.outbox``'s.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.orm import Session

from monitor.alerts.channels import PAYLOAD_VERSION, Content, kind_for
from monitor.alerts.config import AlertingConfig, Channel
from monitor.alerts.context import Envelope, load_change, load_incident
from monitor.alerts.keys import event_name, incident_key, make_change_key, make_key
from monitor.alerts.routing import channels_for_change, channels_for_incident
from monitor.model import Severity
from monitor.targets import Target
from storage import outbox
from storage.installation import installation_id
from storage.models import AlertRow, ChangeRow, IncidentRow, TargetRow, VersionRow, utcnow

log = logging.getLogger(__name__)


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
    """
    matches = channels_for_change(cfg, target, Severity(severity))
    if not matches:
        return []
    assert cfg is not None
    session.flush()  # the change needs its id
    version = session.get(VersionRow, change_row.to_version_id)
    assert version is not None
    row_target = session.get(TargetRow, change_row.target_id)
    slug = row_target.slug if row_target is not None else target.id
    installation = installation_id(session)
    rows = outbox.add_alerts(
        session,
        kind="change",
        keys={
            m.channel: make_change_key(
                installation, slug, version.number, version.text_sha256, m.channel
            )
            for m in matches
        },
        payloads={m.channel: _unrendered(m.include_diff) for m in matches},
        now=now or utcnow(),
        target_id=change_row.target_id,
        change_id=change_row.id,
    )
    if rows:
        try:
            ctx = load_change(session, change_row)
        except Exception:
            log.exception(
                "could not read change %s for its alerts; they will be rendered when sent",
                change_row.id,
            )
            return rows
        for row in rows:
            _freeze(row, cfg.channels[row.channel], lambda env, ctx=ctx: Content.change(ctx, env))
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
    session.flush()
    ctx = load_incident(session, incident_row, event)
    rows = outbox.add_alerts(
        session,
        kind="operational",
        keys={name: incident_key(ctx, name) for name in names},
        payloads={name: _unrendered(False, event_name("operational", event)) for name in names},
        now=now or utcnow(),
        target_id=incident_row.target_id,
        incident_id=incident_row.id,
    )
    for row in rows:
        _freeze(row, cfg.channels[row.channel], lambda env: Content.incident(ctx, env))
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
    row = outbox.add_claimed_alert(
        session,
        kind="test",
        channel=channel.name,
        key=make_key("test", channel.name, uuid.uuid4().hex),
        worker=worker,
        now=now or utcnow(),
        lease_seconds=lease_seconds,
    )
    row.payload = kind_for(channel).render(Content.test(envelope(row)), envelope(row))
    session.flush()
    return row


def render_payload(session: Session, row: AlertRow, channel: Channel) -> dict[str, Any]:
    """Render (again) the content of ``row`` for ``channel``, from the stored change or incident."""
    env = envelope(row)
    if row.kind == "change":
        if row.change_id is None:
            raise ValueError(f"alert {row.id} has no change")
        content = Content.change(load_change(session, row.change_id), env)
    elif row.kind == "operational":
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
        content = Content.incident(load_incident(session, row.incident_id, event), env)
    else:
        content = Content.test(env)
    return kind_for(channel).render(content, env)


def envelope(row: AlertRow) -> Envelope:
    """The identity of the alert in ``row``, as the message renderers take it."""
    return Envelope(
        key=row.idempotency_key,
        kind=row.kind,
        channel=row.channel,
        created_at=row.created_at,
        alert_id=row.id,
        include_diff=bool((row.payload or {}).get("include_diff", True)),
    )


def _unrendered(include_diff: bool, event: str | None = None) -> dict[str, Any]:
    """Until rendered, the payload keeps what rendering needs besides the stored rows."""
    return {
        "v": PAYLOAD_VERSION,
        "include_diff": include_diff,
        **({"event": event} if event else {}),
    }


def _freeze(row: AlertRow, channel: Channel, content: Any) -> None:
    env = envelope(row)
    try:
        row.payload = kind_for(channel).render(content(env), env)
    except Exception:
        # Never let a rendering bug lose the change being recorded: render again at first send.
        log.exception(
            "could not render alert %s for channel %s now; it will be rendered when sent",
            row.id,
            row.channel,
        )
