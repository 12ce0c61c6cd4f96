"""An alert as it would go out, without storing or sending anything (``noticewatch demo``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from monitor.alerts.bodies import SCHEMA, change_document
from monitor.alerts.context import Envelope, load_change
from monitor.alerts.email_content import EmailContent, change_email
from monitor.alerts.keys import change_key


@dataclass(frozen=True, slots=True)
class Preview:
    email: EmailContent
    document: dict[str, Any]

    def as_text(self) -> str:
        """The email (subject and text part) and the webhook JSON, for a terminal."""
        return (
            f"Subject: {self.email.subject}\nMessage-ID: {self.email.message_id}\n\n{self.email.text}\n"
            f"Webhook body ({SCHEMA}):\n{json.dumps(self.document, indent=2, ensure_ascii=False)}\n"
        )


def preview_change(
    session: Any, change: Any, *, channel: str = "preview", include_diff: bool = True
) -> Preview:
    """The email and the webhook JSON an alert about ``change`` would carry (nothing is stored)."""
    ctx = load_change(session, change)
    env = Envelope(
        key=change_key(ctx, channel),
        kind="change",
        channel=channel,
        created_at=ctx.detected_at,
        include_diff=include_diff,
    )
    return Preview(email=change_email(ctx, env), document=change_document(ctx, env))
