"""What identifies an alert: its idempotency key, its e-mail ``Message-ID``, its event name.

A key is made once, when the alert row is created, and stored on the row: every
attempt to deliver that alert carries it (as ``X-Noticewatch-Idempotency-Key`` and
in the ``Message-ID``), so receivers can drop a second copy. Keys of changes and
incidents include the database's installation id, so they are unique per
installation and alert; test alerts carry a random part instead.
"""

from __future__ import annotations

import hashlib
from datetime import UTC

from monitor.alerts.context import ChangeContext, IncidentContext

MESSAGE_ID_DOMAIN = "noticewatch"


def make_key(kind: str, *parts: object) -> str:
    """An idempotency key: the kind, then 32 hex digits of SHA-256 over the parts."""
    material = "\x1f".join(str(p) for p in (kind, *parts))
    return f"{kind}-{hashlib.sha256(material.encode('utf-8')).hexdigest()[:32]}"


def change_key(ctx: ChangeContext, channel: str) -> str:
    return make_change_key(
        ctx.installation, ctx.target.id, ctx.to_version.number, ctx.to_version.text_sha256, channel
    )


def make_change_key(
    installation: str, target_id: str, version: int, text_sha256: str, channel: str
) -> str:
    """One key per (installation, target, new version, channel).

    The installation id (``storage.installation``) tells databases apart: the same
    version number and text in two installations, or in a database rebuilt from
    scratch, are two different alerts to a receiver, so they get two keys.
    """
    return make_key("change", installation, target_id, version, text_sha256, channel)


def incident_key(ctx: IncidentContext, channel: str, event: str | None = None) -> str:
    """One key per (installation, incident, event, channel); ``event`` defaults to the context's."""
    opened = ctx.opened_at.astimezone(UTC).isoformat()
    return make_key(
        "incident",
        ctx.installation,
        ctx.target.id,
        ctx.incident_id,
        opened,
        event or ctx.event,
        channel,
    )


def message_id(key: str) -> str:
    return f"<{key}@{MESSAGE_ID_DOMAIN}>"


def event_name(kind: str, detail: str) -> str:
    """``change.material``, ``change.editorial``, ``incident.opened``, ``incident.resolved``, ``test``."""
    if kind == "change":
        return f"change.{detail}"
    if kind == "operational":
        return f"incident.{detail}"
    return "test"
