"""What identifies an alert: its idempotency key, its e-mail ``Message-ID``, its event name.

A key is made once, when the alert row is created, and stored on the row: every
attempt to deliver that alert carries it (as ``X-Noticewatch-Idempotency-Key`` and
in the ``Message-ID``), so receivers can drop a second copy.
"""

from __future__ import annotations

import hashlib
from datetime import UTC

from monitor.alerts.context import ChangeContext, IncidentContext

MESSAGE_ID_DOMAIN = "noticewatch"


def make_key(kind: str, *parts: object) -> str:
    """A stable idempotency key: the kind, then 32 hex digits of SHA-256 over the parts.

    Built from what identifies the alert everywhere (target slug, version
    number and text hash, channel), not only from database ids, so two
    databases (a test run and production) never hand a receiver the same key
    for different alerts.
    """
    material = "\x1f".join(str(p) for p in (kind, *parts))
    return f"{kind}-{hashlib.sha256(material.encode('utf-8')).hexdigest()[:32]}"


def change_key(ctx: ChangeContext, channel: str) -> str:
    return make_change_key(
        ctx.target.id, ctx.to_version.number, ctx.to_version.text_sha256, channel
    )


def make_change_key(target_id: str, version: int, text_sha256: str, channel: str) -> str:
    """One key per (target, new version, channel): the same in every database holding that history."""
    return make_key("change", target_id, version, text_sha256, channel)


def incident_key(ctx: IncidentContext, channel: str, event: str | None = None) -> str:
    opened = ctx.opened_at.astimezone(UTC).isoformat()
    return make_key("incident", ctx.target.id, ctx.incident_id, opened, event or ctx.event, channel)


def message_id(key: str) -> str:
    return f"<{key}@{MESSAGE_ID_DOMAIN}>"


def event_name(kind: str, detail: str) -> str:
    """``change.material``, ``change.editorial``, ``incident.opened``, ``incident.resolved``, ``test``."""
    if kind == "change":
        return f"change.{detail}"
    if kind == "operational":
        return f"incident.{detail}"
    return "test"
