"""What a webhook carries: the versioned ``noticewatch.alert/v1`` JSON, and the Slack and Teams messages made from it.

The JSON is documented in the README (section Alerts) and checked against it by
``tests/test_alerts_docs.py``. Fields are only ever added within ``v1``. Notice
text in Slack messages is escaped the way Slack asks (``& < >``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from monitor import codec
from monitor.alerts.context import ChangeContext, Envelope, IncidentContext, VersionRef
from monitor.alerts.headlines import (
    EVIDENCE_MAX_CHARS,
    SUBJECT_PREFIX,
    clip,
    diff_command,
    headline,
    incident_subject,
    one_line,
)
from monitor.alerts.keys import event_name
from monitor.model import Card, TextDiff
from monitor.targets import Target

SCHEMA = "noticewatch.alert/v1"
#: Bounds that keep a webhook body small: changed places in the excerpt, and their characters.
EXCERPT_MAX_HUNKS = 20
EXCERPT_MAX_CHARS = 8_000

#: Cards a Slack or Teams message shows (the email and the JSON carry them all).
CHAT_MAX_CARDS = 5


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _alert_json(env: Envelope) -> dict[str, Any]:
    return {
        "id": env.alert_id,
        "key": env.key,
        "kind": env.kind,
        "channel": env.channel,
        "created_at": _iso(env.created_at),
    }


def _target_json(target: Target) -> dict[str, Any]:
    return {
        "id": target.id,
        "service": target.service,
        "document": target.document,
        "region": target.region,
        "language": target.language,
        "url": target.url,
        "label": target.label,
        "tags": list(target.tags),
    }


def _version_json(ref: VersionRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "version": ref.number,
        "fetched_at": _iso(ref.fetched_at),
        "text_sha256": ref.text_sha256,
        "effective_date": ref.effective_date,
    }


def diff_excerpt(diff: TextDiff) -> tuple[list[dict[str, Any]], bool]:
    """The first changed places, bounded in count and size; True when something was left out."""
    excerpt: list[dict[str, Any]] = []
    budget = EXCERPT_MAX_CHARS
    for hunk in diff.hunks[:EXCERPT_MAX_HUNKS]:
        removed, added = [], []
        for source, sink in ((hunk.old_lines, removed), (hunk.new_lines, added)):
            for line in source:
                if budget <= 0:
                    break
                clipped = line[:budget]
                sink.append(clipped)
                budget -= len(clipped)
        excerpt.append({"section": list(hunk.section_path), "removed": removed, "added": added})
        if budget <= 0:
            break
    total_lines = sum(len(h.old_lines) + len(h.new_lines) for h in diff.hunks)
    shown_lines = sum(len(h["removed"]) + len(h["added"]) for h in excerpt)
    truncated = len(excerpt) < len(diff.hunks) or shown_lines < total_lines or budget <= 0
    return excerpt, truncated


def change_document(ctx: ChangeContext, env: Envelope) -> dict[str, Any]:
    """The ``noticewatch.alert/v1`` JSON of a change (documented in the README, section Alerts).

    ``cards`` is new and additive; ``summary`` and ``headline`` are words for people
    (now the top card's), so their wording is no contract and the schema stays v1:
    programs read ``cards`` and ``facts``.
    """
    stats = ctx.text_diff.stats
    diff: dict[str, Any] = {
        "stats": {
            "lines_added": stats.lines_added,
            "lines_removed": stats.lines_removed,
            "chars_added": stats.chars_added,
            "chars_removed": stats.chars_removed,
            "hunks": len(ctx.text_diff.hunks),
        },
    }
    if env.include_diff:
        excerpt, truncated = diff_excerpt(ctx.text_diff)
        diff["excerpt"] = excerpt
        diff["excerpt_truncated"] = truncated
    return {
        "schema": SCHEMA,
        "event": event_name("change", ctx.severity.value),
        "alert": _alert_json(env),
        "target": _target_json(ctx.target),
        "change": {
            "id": ctx.change_id,
            "severity": ctx.severity.value,
            "headline": headline(ctx),
            "summary": ctx.cards[0].headline if ctx.cards else ctx.summary,
            "cards": [_card_json(card) for card in ctx.cards],
            "detected_at": _iso(ctx.detected_at),
            "from": _version_json(ctx.from_version),
            "to": _version_json(ctx.to_version),
            "facts": [
                {
                    "op": fc.op,
                    "fact": fc.fact,
                    "description": fc.description,
                    "old_evidence": [clip(e, EVIDENCE_MAX_CHARS) for e in fc.old_evidence],
                    "new_evidence": [clip(e, EVIDENCE_MAX_CHARS) for e in fc.new_evidence],
                }
                for fc in ctx.fact_changes
            ],
            "announcements": [
                {
                    "effective_date": ann.effective_date,
                    "text": clip(ann.text, EVIDENCE_MAX_CHARS),
                    "facts": sorted(ann.facts),
                }
                for ann in ctx.announcements
            ],
            "diff": diff,
        },
        "lookup": {"command": diff_command(ctx)},
    }


def _card_json(card: Card) -> dict[str, Any]:
    """A card for machines: every field of :class:`monitor.model.Card`, evidence clipped."""
    out = codec.to_jsonable(card)
    out["old_evidence"] = [clip(e, EVIDENCE_MAX_CHARS) for e in card.old_evidence]
    out["new_evidence"] = [clip(e, EVIDENCE_MAX_CHARS) for e in card.new_evidence]
    return out


def incident_document(ctx: IncidentContext, env: Envelope) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "event": event_name("operational", ctx.event),
        "alert": _alert_json(env),
        "target": _target_json(ctx.target),
        "incident": {
            "id": ctx.incident_id,
            "kind": ctx.kind,
            "opened_at": _iso(ctx.opened_at),
            "resolved_at": _iso(ctx.resolved_at),
            "failures": ctx.failures,
            "last_error": clip(ctx.last_error, 500) if ctx.last_error else None,
            "summary": incident_subject(ctx).removeprefix(SUBJECT_PREFIX + " "),
        },
        "lookup": {"command": f"noticewatch history {ctx.target.id}"},
    }


def document_for_test(env: Envelope) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "event": "test",
        "alert": _alert_json(env),
        "message": f"This is a test alert from noticewatch through channel {env.channel!r}: it works.",
    }


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chat_lines(document: Mapping[str, Any]) -> tuple[str, list[str], str | None]:
    """(title, lines, url) shared by the chat presets."""
    target = document.get("target") or {}
    label = target.get("label", "")
    event = document["event"]
    if event.startswith("change."):
        change = document["change"]
        lines = []
        for card in change.get("cards", [])[:CHAT_MAX_CARDS]:
            lines.append(f"• {card['headline']}")
            for sentence in card["new_evidence"][:1] or card["old_evidence"][:1]:
                lines.append(f"    “{clip(one_line(sentence), 300)}”")
        hidden = len(change.get("cards", [])) - CHAT_MAX_CARDS
        if hidden > 0:
            lines.append(f"(+{hidden} more)")
        for fact in [] if change.get("cards") else change["facts"][:10]:
            mark = "+" if fact["op"] == "added" else "−"
            lines.append(f"{mark} {fact['description'] or fact['fact']}")
            for sentence in fact["new_evidence"][:1]:
                lines.append(f"    “{clip(one_line(sentence), 300)}”")
        if not change["facts"]:
            lines.append(change["headline"])
        lines.append(document["lookup"]["command"])
        return f"{label}: {change['severity']} change", lines, target.get("url")
    if event.startswith("incident."):
        return (
            f"{label}: {document['incident']['summary']}",
            [document["lookup"]["command"]],
            target.get("url"),
        )
    return "noticewatch test alert", [document["message"]], None


def slack_message(document: Mapping[str, Any]) -> dict[str, Any]:
    """A Slack incoming-webhook message (mrkdwn text, escaped as Slack requires)."""
    title, lines, url = _chat_lines(document)
    head = f"*{_slack_escape(title)}*"
    if url:
        head += f" (<{_slack_escape(url)}|notice>)"
    text = "\n".join([head, *(_slack_escape(line) for line in lines)])
    return {"text": text, "unfurl_links": False, "unfurl_media": False}


def teams_message(document: Mapping[str, Any]) -> dict[str, Any]:
    """A Microsoft Teams (Workflows) incoming-webhook message carrying an Adaptive Card."""
    title, lines, url = _chat_lines(document)
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": title,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            *(
                {"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"}
                for line in lines
            ),
        ],
    }
    if url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open the notice", "url": url}]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def dumps(document: Mapping[str, Any]) -> str:
    """The exact JSON text sent (and signed): compact, UTF-8, key order as built."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
