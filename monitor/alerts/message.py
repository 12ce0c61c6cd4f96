"""What an alert says: subject, text and HTML for email, the versioned JSON for webhooks.

Content is built from the stored rows (change, versions, target, incident) into
plain context objects, then rendered by pure functions, and the result is
frozen into ``AlertRow.payload``: every retry of one alert sends byte-for-byte
the same subject, bodies, ``Message-ID`` and JSON body, even if noticewatch was
upgraded or the notice changed again in between.

Notice text is untrusted input. In HTML everything that came from a notice is
escaped (``html.escape``) and never becomes a link or an attribute; only the
watched URL from the watchlist (http/https) is linked. Slack text is escaped
the way Slack asks (``& < >``).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

from monitor import codec
from monitor.alerts.config import Channel, EmailChannel, WebhookChannel
from monitor.diff.text import unified
from monitor.model import Announcement, Card, DiffStats, FactChange, Facts, Hunk, Severity, TextDiff
from monitor.targets import Target

log = logging.getLogger(__name__)

SCHEMA = "noticewatch.alert/v1"
#: Version of the frozen payload layout in AlertRow.payload.
PAYLOAD_VERSION = 1
SUBJECT_PREFIX = "[noticewatch]"
MESSAGE_ID_DOMAIN = "noticewatch"

#: Bounds that keep an alert readable and a webhook body small.
EMAIL_MAX_HUNKS = 30
TEXT_DIFF_MAX_CHARS = 20_000
EXCERPT_MAX_HUNKS = 20
EXCERPT_MAX_CHARS = 8_000
EVIDENCE_MAX_CHARS = 1_000
SUBJECT_MAX_CHARS = 180
#: Cards a Slack or Teams message shows (the email and the JSON carry them all).
CHAT_MAX_CARDS = 5


# --------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class VersionRef:
    number: int
    fetched_at: datetime
    text_sha256: str
    effective_date: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeContext:
    """Everything an alert about one change may say, read from the database once."""

    change_id: int
    target: Target
    severity: Severity
    summary: str
    from_version: VersionRef | None
    to_version: VersionRef
    fact_changes: tuple[FactChange, ...]
    announcements: tuple[Announcement, ...]
    text_diff: TextDiff
    detected_at: datetime
    #: The change as cards, most important first (see ``monitor.diff.cards``): rebuilt from
    #: the two versions' stored facts, so alerts about changes recorded before cards existed
    #: get them too. Empty when the facts did not change.
    cards: tuple[Card, ...] = ()
    #: The language the cards' labels are in (the notice's).
    language: str = "en"


@dataclass(frozen=True, slots=True)
class IncidentContext:
    incident_id: int
    target: Target
    #: failing | blocked
    kind: str
    #: opened | resolved
    event: str
    opened_at: datetime
    resolved_at: datetime | None
    failures: int
    last_error: str | None


@dataclass(frozen=True, slots=True)
class Envelope:
    """The identity of one alert: the same for every attempt to deliver it."""

    key: str
    kind: str
    channel: str
    created_at: datetime
    alert_id: int | None = None
    include_diff: bool = True


@dataclass(frozen=True, slots=True)
class EmailContent:
    subject: str
    text: str
    html: str
    message_id: str
    #: RFC 5322 date, frozen at the alert's creation.
    date: str
    headers: Mapping[str, str]


def target_from_row(row: Any) -> Target:
    """The Target as stored (the alert describes what was watched, not today's watchlist)."""
    options = row.options or {}
    return Target(
        id=row.slug,
        url=row.url,
        service=row.service or row.slug,
        document=row.document or "",
        region=row.region,
        language=row.language,
        tags=tuple(options.get("tags") or ()),
    )


def _version_ref(row: Any) -> VersionRef:
    return VersionRef(
        number=row.number,
        fetched_at=row.fetched_at,
        text_sha256=row.text_sha256,
        effective_date=row.effective_date,
    )


def load_change(session: Any, change: Any) -> ChangeContext:
    """Read a change (a ChangeRow or its id) with its versions and target."""
    from storage.models import ChangeRow, TargetRow, VersionRow

    row = change if isinstance(change, ChangeRow) else session.get(ChangeRow, change)
    if row is None:
        raise LookupError(f"change {change!r} not found")
    target_row = session.get(TargetRow, row.target_id)
    to_row = session.get(VersionRow, row.to_version_id)
    from_row = (
        session.get(VersionRow, row.from_version_id) if row.from_version_id is not None else None
    )
    fact_changes = codec.from_jsonable(tuple[FactChange, ...], row.facts_delta or [])
    target = target_from_row(target_row)
    cards, language = change_cards(from_row, to_row, fact_changes, target.language)
    return ChangeContext(
        change_id=row.id,
        target=target,
        severity=Severity(row.severity),
        summary=row.summary or "",
        from_version=_version_ref(from_row) if from_row is not None else None,
        to_version=_version_ref(to_row),
        fact_changes=fact_changes,
        announcements=codec.from_jsonable(tuple[Announcement, ...], row.announcements or []),
        text_diff=TextDiff(
            hunks=codec.from_jsonable(tuple[Hunk, ...], row.hunks or []),
            stats=codec.from_jsonable(DiffStats, row.diff_stats or {}),
        ),
        detected_at=row.created_at,
        cards=cards,
        language=language,
    )


def change_cards(
    from_row: Any, to_row: Any, delta: tuple[FactChange, ...], language: str | None
) -> tuple[tuple[Card, ...], str]:
    """The cards of a stored change, from its delta and the two versions' facts; and their language."""
    from monitor.diff.cards import build_cards
    from storage.repo import version_facts

    new = version_facts(to_row) if to_row is not None else None
    old = version_facts(from_row) if from_row is not None else None
    lang = (new.language if new is not None else None) or language or "en"
    empty = Facts(language=lang)
    return build_cards(old or empty, new or empty, delta, lang), lang


def load_incident(session: Any, incident: Any, event: str) -> IncidentContext:
    from storage.models import IncidentRow, TargetRow

    row = incident if isinstance(incident, IncidentRow) else session.get(IncidentRow, incident)
    if row is None:
        raise LookupError(f"incident {incident!r} not found")
    return IncidentContext(
        incident_id=row.id,
        target=target_from_row(session.get(TargetRow, row.target_id)),
        kind=row.kind,
        event=event,
        opened_at=row.opened_at,
        resolved_at=row.resolved_at if event == "resolved" else None,
        failures=row.failures or 0,
        last_error=row.last_error,
    )


# --------------------------------------------------------------------------- keys


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


# --------------------------------------------------------------------------- small formatting helpers


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value is not None else "?"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def diff_command(ctx: ChangeContext) -> str:
    start = ctx.from_version.number if ctx.from_version else ctx.to_version.number
    return f"noticewatch diff {ctx.target.id} --from {start} --to {ctx.to_version.number}"


HEADLINE_MAX_CHARS = 110


def _short(description: str) -> str:
    """The head of a fact description: "New purpose: X — legal basis: Y" without its "; data used: ..." tail."""
    return _one_line(description).split("; ")[0]


def headline(ctx: ChangeContext, limit: int | None = None) -> str:
    """The change in a few words, for the subject and chat messages: the top card's headline.

    With cards, the most important card in its own words, clipped to ``limit``
    characters so that "(+N more)" always fits; without (an alert about facts
    recorded before cards, or an editorial change), the first fact descriptions.
    """
    if ctx.cards:
        more = f" (+{len(ctx.cards) - 1} more)" if len(ctx.cards) > 1 else ""
        if limit is None:
            return _one_line(ctx.cards[0].headline) + more
        from monitor.diff.cards import compact_headline

        top = _one_line(compact_headline(ctx.cards[0], ctx.language, max(20, limit - len(more))))
        return _clip_words(top, max(20, limit - len(more))) + more
    descriptions = [_short(fc.description) or f"{fc.op} {fc.fact}" for fc in ctx.fact_changes]
    if descriptions:
        text = _clip_words(descriptions[0], HEADLINE_MAX_CHARS)
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


def _clip_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


def change_subject(ctx: ChangeContext) -> str:
    """``[noticewatch] Service — Region Document: <the most important card> (+N more)``."""
    head = f"{SUBJECT_PREFIX} {ctx.target.label}: "
    return _clip_words(
        _one_line(head + headline(ctx, SUBJECT_MAX_CHARS - len(head))), SUBJECT_MAX_CHARS
    )


def incident_subject(ctx: IncidentContext) -> str:
    label = ctx.target.label
    if ctx.event == "resolved":
        what = f"recovered (was {ctx.kind} since {_when(ctx.opened_at)})"
    elif ctx.kind == "blocked":
        what = f"blocked: {ctx.failures} checks in a row did not get the notice"
    else:
        what = f"failing: {ctx.failures} checks in a row failed"
    return _clip(_one_line(f"{SUBJECT_PREFIX} {label}: {what}"), SUBJECT_MAX_CHARS)


def _fact_label(fc: FactChange) -> str:
    return _one_line(fc.description) or f"{fc.op} {fc.fact}"


# --------------------------------------------------------------------------- diff renderers


def _diff_text(diff: TextDiff, max_chars: int) -> str:
    from monitor.render.plain import word_diff_text

    try:
        return word_diff_text(diff, max_chars=max_chars)
    except Exception:  # a renderer bug must not cost the alert: send the plain unified diff
        log.warning("word diff renderer failed; sending a unified diff", exc_info=True)
        return _clip(unified(diff), max_chars)


def _labels(ctx: ChangeContext) -> Callable[[str], str]:
    from monitor.analyze.taxonomy import label

    return lambda fact_id: label(fact_id, ctx.language)


def _cards_text(ctx: ChangeContext) -> str:
    from monitor.render.plain import cards_text

    return cards_text(ctx.cards, _labels(ctx))


def _cards_html(ctx: ChangeContext) -> str:
    from monitor.render.html import cards_html

    return cards_html(ctx.cards, _labels(ctx), inline=True)


def _diff_html(diff: TextDiff, max_hunks: int) -> str:
    from monitor.render.html import inline_diff_html

    try:
        return inline_diff_html(diff, max_hunks=max_hunks)
    except Exception:  # as above: an escaped unified diff rather than no alert
        log.warning("HTML diff renderer failed; sending a unified diff", exc_info=True)
        return f"<pre>{html.escape(unified(diff))}</pre>"


# --------------------------------------------------------------------------- email bodies


_STYLE_BODY = "font-family:Helvetica,Arial,sans-serif;font-size:15px;color:#1a1a1a;max-width:760px"
_STYLE_QUOTE = (
    "margin:4px 0 8px 0;padding:4px 10px;border-left:3px solid #bbb;color:#333;font-style:italic"
)
_STYLE_CODE = (
    "font-family:Menlo,Consolas,monospace;font-size:13px;background:#f3f3f3;padding:2px 4px"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(url: str, text: str | None = None) -> str:
    """A link only for http(s) URLs from the watchlist; anything else is shown as text."""
    shown = _e(text if text is not None else url)
    if urlsplit(url).scheme in {"http", "https"}:
        return f'<a href="{_e(url)}">{shown}</a>'
    return shown


def _versions_line(ctx: ChangeContext) -> str:
    to = ctx.to_version
    new = f"v{to.number} fetched {_when(to.fetched_at)} (sha256 {to.text_sha256[:12]})"
    if ctx.from_version is None:
        return new
    old = ctx.from_version
    return f"v{old.number} fetched {_when(old.fetched_at)} (sha256 {old.text_sha256[:12]}) → {new}"


def _evidence(fc: FactChange) -> list[tuple[str, str]]:
    """(label, sentence) pairs: what the notice says now, and what it said before."""
    pairs = [("now", _clip(e, EVIDENCE_MAX_CHARS)) for e in fc.new_evidence]
    pairs += [("before", _clip(e, EVIDENCE_MAX_CHARS)) for e in fc.old_evidence]
    return pairs


def change_email(ctx: ChangeContext, env: Envelope) -> EmailContent:
    stats = ctx.text_diff.stats
    command = diff_command(ctx)
    title = f"{ctx.target.label}: {ctx.severity.value} change"

    text: list[str] = [title, ctx.target.url, ""]
    body: list[str] = [
        f'<div style="{_STYLE_BODY}">',
        f'<h2 style="margin:0 0 4px;font-size:19px">{_e(ctx.target.label)}</h2>',
        f'<p style="margin:0 0 12px;color:#555">{_e(ctx.severity.value)} change · '
        f"{_link(ctx.target.url)}</p>",
    ]
    if ctx.cards:
        text += ["What changed", _cards_text(ctx), ""]
        body += [
            '<h3 style="font-size:16px;margin:16px 0 6px">What changed</h3>',
            _cards_html(ctx),
        ]
    elif ctx.fact_changes:
        text.append("What changed")
        body.append(
            '<h3 style="font-size:16px;margin:16px 0 6px">What changed</h3><ul style="padding-left:20px">'
        )
        quoted: set[str] = set()
        for fc in ctx.fact_changes:
            mark = "+" if fc.op == "added" else "−"
            text.append(f"  {mark} {_fact_label(fc)}")
            item = [f'<li style="margin-bottom:8px"><b>{_e(_fact_label(fc))}</b>']
            # Each sentence is quoted once, under the first fact it proves.
            for when, sentence in _evidence(fc):
                if sentence in quoted:
                    continue
                quoted.add(sentence)
                text.append(f"      {when}: “{_one_line(sentence)}”")
                item.append(
                    f'<blockquote style="{_STYLE_QUOTE}"><span style="color:#777;font-style:normal">'
                    f"{_e(when)}:</span> {_e(sentence)}</blockquote>"
                )
            item.append("</li>")
            body.append("".join(item))
        body.append("</ul>")
        text.append("")
    elif ctx.severity is Severity.EDITORIAL:
        note = "The wording changed; the data, purposes and legal bases stated did not."
        text += [note, ""]
        body.append(f"<p>{_e(note)}</p>")

    if ctx.announcements and not ctx.cards:
        text.append("Announced for later")
        body.append('<h3 style="font-size:16px;margin:16px 0 6px">Announced for later</h3><ul>')
        for ann in ctx.announcements:
            date = ann.effective_date or "date not stated"
            sentence = _clip(ann.text, EVIDENCE_MAX_CHARS)
            text.append(f"  {date}: “{_one_line(sentence)}”")
            body.append(f"<li><b>{_e(date)}</b>: {_e(sentence)}</li>")
        body.append("</ul>")
        text.append("")

    size = f"+{stats.lines_added} / −{stats.lines_removed} lines in {len(ctx.text_diff.hunks)} place(s)"
    if env.include_diff and ctx.text_diff.hunks:
        text += [f"Text changes ({size})", _diff_text(ctx.text_diff, TEXT_DIFF_MAX_CHARS), ""]
        body.append(
            f'<h3 style="font-size:16px;margin:16px 0 6px">Text changes <small>({_e(size)})</small></h3>'
        )
        body.append(_diff_html(ctx.text_diff, EMAIL_MAX_HUNKS))
    else:
        text += [f"Text changes: {size}", ""]
        body.append(f"<p>Text changes: {_e(size)}</p>")

    text += ["Look it up", f"  {command}", f"  {_versions_line(ctx)}", f"  alert {env.key}", ""]
    body += [
        '<h3 style="font-size:16px;margin:16px 0 6px">Look it up</h3>',
        f'<p><code style="{_STYLE_CODE}">{_e(command)}</code><br>',
        f'<span style="color:#555;font-size:13px">{_e(_versions_line(ctx))}<br>alert {_e(env.key)}</span></p>',
    ]
    text += _footer_text()
    body += [*_footer_html(), "</div>"]
    return _email(
        change_subject(ctx), text, body, env, event_name("change", ctx.severity.value), ctx.target
    )


def incident_email(ctx: IncidentContext, env: Envelope) -> EmailContent:
    target = ctx.target
    if ctx.event == "resolved":
        lines = [
            f"{target.label} is being checked normally again.",
            f"It was {ctx.kind} from {_when(ctx.opened_at)} to {_when(ctx.resolved_at)}.",
        ]
    else:
        what = (
            "did not get the notice (a bot wall, login page or error page came back instead)"
            if ctx.kind == "blocked"
            else "failed"
        )
        lines = [
            f"The last {ctx.failures} checks of {target.label} in a row {what}.",
            "Changes to this notice cannot be seen until it recovers.",
        ]
    if ctx.last_error:
        lines.append(f"Last error: {_clip(_one_line(ctx.last_error), 500)}")
    text = [*lines, "", target.url, f"  noticewatch history {target.id}", f"  alert {env.key}", ""]
    text += _footer_text()
    body = [f'<div style="{_STYLE_BODY}">', f'<h2 style="font-size:19px">{_e(target.label)}</h2>']
    body += [f"<p>{_e(line)}</p>" for line in lines]
    body += [
        f"<p>{_link(target.url)}<br>",
        f'<code style="{_STYLE_CODE}">noticewatch history {_e(target.id)}</code><br>',
        f'<span style="color:#555;font-size:13px">alert {_e(env.key)}</span></p>',
        *_footer_html(),
        "</div>",
    ]
    extra = {}
    if ctx.event == "resolved":
        # Thread the recovery under the alert that announced the problem.
        opened = message_id(incident_key(ctx, env.channel, "opened"))
        extra = {"In-Reply-To": opened, "References": opened}
    return _email(
        incident_subject(ctx), text, body, env, event_name("operational", ctx.event), target, extra
    )


def email_for_test(env: Envelope) -> EmailContent:
    line = f"This is a test alert from noticewatch through channel {env.channel!r}: it works."
    text = [line, "", f"alert {env.key}", "", *_footer_text()]
    body = [
        f'<div style="{_STYLE_BODY}">',
        f"<p>{_e(line)}</p>",
        f"<p>alert {_e(env.key)}</p>",
        *_footer_html(),
    ]
    body.append("</div>")
    return _email(subject_for_test(env), text, body, env, "test", None)


def subject_for_test(env: Envelope) -> str:
    return f"{SUBJECT_PREFIX} test alert through channel {env.channel}"


def _footer_text() -> list[str]:
    return ["-- ", "Sent by noticewatch. Quotes are the notice's own words as fetched."]


def _footer_html() -> list[str]:
    return [
        '<p style="margin-top:24px;color:#888;font-size:12px">Sent by noticewatch. '
        "Quotes are the notice's own words as fetched.</p>"
    ]


def _email(
    subject: str,
    text: Sequence[str],
    body: Sequence[str],
    env: Envelope,
    event: str,
    target: Target | None,
    extra: Mapping[str, str] | None = None,
) -> EmailContent:
    headers = {
        "X-Noticewatch-Idempotency-Key": env.key,
        "X-Noticewatch-Event": event,
        **({"X-Noticewatch-Target": target.id} if target is not None else {}),
        **(extra or {}),
    }
    document = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>'
        + _e(subject)
        + "</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    return EmailContent(
        subject=subject,
        text="\n".join(text).rstrip() + "\n",
        html=document,
        message_id=message_id(env.key),
        date=format_datetime(env.created_at.astimezone(UTC)),
        headers=headers,
    )


# --------------------------------------------------------------------------- webhook documents


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
                    "old_evidence": [_clip(e, EVIDENCE_MAX_CHARS) for e in fc.old_evidence],
                    "new_evidence": [_clip(e, EVIDENCE_MAX_CHARS) for e in fc.new_evidence],
                }
                for fc in ctx.fact_changes
            ],
            "announcements": [
                {
                    "effective_date": ann.effective_date,
                    "text": _clip(ann.text, EVIDENCE_MAX_CHARS),
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
    out["old_evidence"] = [_clip(e, EVIDENCE_MAX_CHARS) for e in card.old_evidence]
    out["new_evidence"] = [_clip(e, EVIDENCE_MAX_CHARS) for e in card.new_evidence]
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
            "last_error": _clip(ctx.last_error, 500) if ctx.last_error else None,
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


# --------------------------------------------------------------------------- Slack and Teams presets


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
                lines.append(f"    “{_clip(_one_line(sentence), 300)}”")
        hidden = len(change.get("cards", [])) - CHAT_MAX_CARDS
        if hidden > 0:
            lines.append(f"(+{hidden} more)")
        for fact in [] if change.get("cards") else change["facts"][:10]:
            mark = "+" if fact["op"] == "added" else "−"
            lines.append(f"{mark} {fact['description'] or fact['fact']}")
            for sentence in fact["new_evidence"][:1]:
                lines.append(f"    “{_clip(_one_line(sentence), 300)}”")
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


# --------------------------------------------------------------------------- frozen payloads


def dumps(document: Mapping[str, Any]) -> str:
    """The exact JSON text sent (and signed): compact, UTF-8, key order as built."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def freeze(
    channel: Channel, env: Envelope, title: str, email: Any, document: Any
) -> dict[str, Any]:
    """The payload stored in AlertRow.payload for ``channel``.

    ``title`` is the one-line description (the email subject) that lists show;
    ``email`` and ``document`` are zero-argument callables, so only what the
    channel needs is rendered.
    """
    base = {"v": PAYLOAD_VERSION, "include_diff": env.include_diff, "title": title}
    if isinstance(channel, EmailChannel):
        content: EmailContent = email()
        return {
            **base,
            "type": "email",
            "event": content.headers["X-Noticewatch-Event"],
            "subject": content.subject,
            "text": content.text,
            "html": content.html,
            "message_id": content.message_id,
            "date": content.date,
            "headers": dict(content.headers),
        }
    assert isinstance(channel, WebhookChannel)
    doc = document()
    if channel.format == "slack":
        body = slack_message(doc)
    elif channel.format == "teams":
        body = teams_message(doc)
    else:
        body = doc
    return {
        **base,
        "type": "webhook",
        "format": channel.format,
        "event": doc["event"],
        "body": dumps(body),
    }


def alert_title(payload: Mapping[str, Any] | None, kind: str) -> str:
    """One line for ``noticewatch alerts list``: the subject, when the alert has been rendered."""
    if payload and payload.get("title"):
        return str(payload["title"]).removeprefix(SUBJECT_PREFIX + " ")
    return f"{kind} alert (not rendered yet)"


def is_frozen_for(payload: Mapping[str, Any] | None, channel: Channel) -> bool:
    """True when ``payload`` holds rendered content fit for ``channel`` as configured now."""
    if not payload or payload.get("v") != PAYLOAD_VERSION:
        return False
    if isinstance(channel, EmailChannel):
        return payload.get("type") == "email"
    return payload.get("type") == "webhook" and payload.get("format") == channel.format


def change_payload(channel: Channel, ctx: ChangeContext, env: Envelope) -> dict[str, Any]:
    return freeze(
        channel,
        env,
        change_subject(ctx),
        lambda: change_email(ctx, env),
        lambda: change_document(ctx, env),
    )


def incident_payload(channel: Channel, ctx: IncidentContext, env: Envelope) -> dict[str, Any]:
    return freeze(
        channel,
        env,
        incident_subject(ctx),
        lambda: incident_email(ctx, env),
        lambda: incident_document(ctx, env),
    )


def payload_for_test(channel: Channel, env: Envelope) -> dict[str, Any]:
    return freeze(
        channel,
        env,
        subject_for_test(env),
        lambda: email_for_test(env),
        lambda: document_for_test(env),
    )


# --------------------------------------------------------------------------- previews (demo, CLI)


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
