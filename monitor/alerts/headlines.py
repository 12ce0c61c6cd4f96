"""A change or an incident in one line: the e-mail subject, the webhook's ``headline``, list titles.

Shared by the e-mail content, the webhook bodies and ``noticewatch alerts list``,
with the small text helpers (one line, clipping) they all use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from monitor.alerts.context import ChangeContext, Envelope, IncidentContext
from monitor.model import Severity

SUBJECT_PREFIX = "[noticewatch]"
#: Bounds that keep a subject, a fact headline and a quoted sentence readable.
SUBJECT_MAX_CHARS = 180
HEADLINE_MAX_CHARS = 110
EVIDENCE_MAX_CHARS = 1_000


def utc_minute(value: datetime | None) -> str:
    """A time to the minute in UTC, for people ("2025-10-02 09:45 UTC")."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value is not None else "?"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


def diff_command(ctx: ChangeContext) -> str:
    start = ctx.from_version.number if ctx.from_version else ctx.to_version.number
    return f"noticewatch diff {ctx.target.id} --from {start} --to {ctx.to_version.number}"


def _short(description: str) -> str:
    """The head of a fact description: "New purpose: X — legal basis: Y" without its "; data used: ..." tail."""
    return one_line(description).split("; ")[0]


def headline(ctx: ChangeContext, limit: int | None = None) -> str:
    """The change in a few words, for the subject and chat messages: the top card's headline.

    With cards, the most important card in its own words, clipped to ``limit``
    characters so that "(+N more)" always fits; without (an alert about facts
    recorded before cards, or an editorial change), the first fact descriptions.
    """
    if ctx.cards:
        more = f" (+{len(ctx.cards) - 1} more)" if len(ctx.cards) > 1 else ""
        if limit is None:
            return one_line(ctx.cards[0].headline) + more
        from monitor.diff.cards import compact_headline

        top = one_line(compact_headline(ctx.cards[0], ctx.language, max(20, limit - len(more))))
        return clip_words(top, max(20, limit - len(more))) + more
    descriptions = [_short(fc.description) or f"{fc.op} {fc.fact}" for fc in ctx.fact_changes]
    if descriptions:
        text = clip_words(descriptions[0], HEADLINE_MAX_CHARS)
        shown = 1
        for more in descriptions[1:]:
            if len(text) + len(more) + 2 > HEADLINE_MAX_CHARS:
                break
            text += "; " + more
            shown += 1
        if shown < len(descriptions):
            text += f" (+{len(descriptions) - shown} more)"
        return text
    stats = ctx.text_diff.stats
    sections = {" › ".join(h.section_path) for h in ctx.text_diff.hunks}
    where = f" in {len(sections)} section{'s' if len(sections) != 1 else ''}" if sections else ""
    kind = (
        "editorial change" if ctx.severity is Severity.EDITORIAL else f"{ctx.severity.value} change"
    )
    return f"{kind}{where} (+{stats.lines_added}/−{stats.lines_removed} lines)"


def change_subject(ctx: ChangeContext) -> str:
    """``[noticewatch] Service — Region Document: <the most important card> (+N more)``."""
    head = f"{SUBJECT_PREFIX} {ctx.target.label}: "
    return clip_words(
        one_line(head + headline(ctx, SUBJECT_MAX_CHARS - len(head))), SUBJECT_MAX_CHARS
    )


def incident_subject(ctx: IncidentContext) -> str:
    label = ctx.target.label
    if ctx.event == "resolved":
        what = f"recovered (was {ctx.kind} since {utc_minute(ctx.opened_at)})"
    elif ctx.kind == "blocked":
        what = f"blocked: {ctx.failures} checks in a row did not get the notice"
    else:
        what = f"failing: {ctx.failures} checks in a row failed"
    return clip(one_line(f"{SUBJECT_PREFIX} {label}: {what}"), SUBJECT_MAX_CHARS)


def subject_for_test(env: Envelope) -> str:
    return f"{SUBJECT_PREFIX} test alert through channel {env.channel}"


def alert_title(payload: Mapping[str, Any] | None, kind: str) -> str:
    """One line for ``noticewatch alerts list``: the subject, when the alert has been rendered."""
    if payload and payload.get("title"):
        return str(payload["title"]).removeprefix(SUBJECT_PREFIX + " ")
    return f"{kind} alert (not rendered yet)"
