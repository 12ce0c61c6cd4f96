"""What an alert e-mail says: subject, plain text and HTML, ``Message-ID``, date and headers.

Notice text is untrusted input. In HTML everything that came from a notice is
escaped (``html.escape``) and never becomes a link or an attribute; only the
watched URL from the watchlist (http/https) is linked. A renderer bug costs the
alert its pretty diff, never the alert: the plain unified diff goes out instead.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import urlsplit

from monitor.alerts.context import ChangeContext, Envelope, IncidentContext
from monitor.alerts.headlines import (
    EVIDENCE_MAX_CHARS,
    change_subject,
    clip,
    diff_command,
    incident_subject,
    one_line,
    subject_for_test,
    utc_minute,
)
from monitor.alerts.keys import event_name, incident_key, message_id
from monitor.diff.text import unified
from monitor.model import FactChange, Severity, TextDiff
from monitor.targets import Target

log = logging.getLogger(__name__)

#: Bounds that keep an e-mail readable: places shown in the HTML diff, characters of the text diff.
EMAIL_MAX_HUNKS = 30
TEXT_DIFF_MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class EmailContent:
    subject: str
    text: str
    html: str
    message_id: str
    #: RFC 5322 date, frozen at the alert's creation.
    date: str
    headers: Mapping[str, str]


def _diff_text(diff: TextDiff, max_chars: int) -> str:
    from monitor.render.plain import word_diff_text

    try:
        return word_diff_text(diff, max_chars=max_chars)
    except Exception:  # a renderer bug must not cost the alert: send the plain unified diff
        log.warning("word diff renderer failed; sending a unified diff", exc_info=True)
        return clip(unified(diff), max_chars)


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
    new = f"v{to.number} fetched {utc_minute(to.fetched_at)} (sha256 {to.text_sha256[:12]})"
    if ctx.from_version is None:
        return new
    old = ctx.from_version
    return f"v{old.number} fetched {utc_minute(old.fetched_at)} (sha256 {old.text_sha256[:12]}) → {new}"


def _fact_label(fc: FactChange) -> str:
    return one_line(fc.description) or f"{fc.op} {fc.fact}"


def _evidence(fc: FactChange) -> list[tuple[str, str]]:
    """(label, sentence) pairs: what the notice says now, and what it said before."""
    pairs = [("now", clip(e, EVIDENCE_MAX_CHARS)) for e in fc.new_evidence]
    pairs += [("before", clip(e, EVIDENCE_MAX_CHARS)) for e in fc.old_evidence]
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
                text.append(f"      {when}: “{one_line(sentence)}”")
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
            sentence = clip(ann.text, EVIDENCE_MAX_CHARS)
            text.append(f"  {date}: “{one_line(sentence)}”")
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
            f"It was {ctx.kind} from {utc_minute(ctx.opened_at)} to {utc_minute(ctx.resolved_at)}.",
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
        lines.append(f"Last error: {clip(one_line(ctx.last_error), 500)}")
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
