"""What an alert e-mail says: subject, plain text and HTML, ``Message-ID``, date and headers.

Notice text is untrusted input. The HTML part is rendered from the autoescaped
templates the report and the web view share (``monitor.render.templating``), so
everything that came from a notice is escaped and never becomes a link or an
attribute; only the watched URL from the watchlist (http/https) is linked. A renderer bug costs the
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

from markupsafe import Markup

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


def _card_views(ctx: ChangeContext) -> list[object]:
    from monitor.render.html import card_views

    return list(card_views(ctx.cards, _labels(ctx), None))


def _diff_html(diff: TextDiff, max_hunks: int) -> str:
    from monitor.render.html import inline_diff_html

    try:
        return inline_diff_html(diff, max_hunks=max_hunks)
    except Exception:  # as above: an escaped unified diff rather than no alert
        log.warning("HTML diff renderer failed; sending a unified diff", exc_info=True)
        return f"<pre>{html.escape(unified(diff))}</pre>"


def _render(template: str, **context: object) -> str:
    """The HTML part, from the templates the report and the web view use (autoescaped)."""
    from monitor.render.templating import render

    return render(template, **context) + "\n"


def _linkable(url: str) -> bool:
    """Only http(s) URLs from the watchlist become links; anything else is shown as text."""
    return urlsplit(url).scheme in {"http", "https"}


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
    facts: list[tuple[str, list[tuple[str, str]]]] = []
    editorial_note = ""
    if ctx.cards:
        text += ["What changed", _cards_text(ctx), ""]
    elif ctx.fact_changes:
        text.append("What changed")
        quoted: set[str] = set()
        for fc in ctx.fact_changes:
            mark = "+" if fc.op == "added" else "−"
            text.append(f"  {mark} {_fact_label(fc)}")
            quotes = []
            # Each sentence is quoted once, under the first fact it proves.
            for when, sentence in _evidence(fc):
                if sentence in quoted:
                    continue
                quoted.add(sentence)
                text.append(f"      {when}: “{one_line(sentence)}”")
                quotes.append((when, sentence))
            facts.append((_fact_label(fc), quotes))
        text.append("")
    elif ctx.severity is Severity.EDITORIAL:
        editorial_note = "The wording changed; the data, purposes and legal bases stated did not."
        text += [editorial_note, ""]

    announcements: list[tuple[str, str]] = []
    if ctx.announcements and not ctx.cards:
        text.append("Announced for later")
        for ann in ctx.announcements:
            date = ann.effective_date or "date not stated"
            sentence = clip(ann.text, EVIDENCE_MAX_CHARS)
            text.append(f"  {date}: “{one_line(sentence)}”")
            announcements.append((date, sentence))
        text.append("")

    size = f"+{stats.lines_added} / −{stats.lines_removed} lines in {len(ctx.text_diff.hunks)} place(s)"
    diff_html = None
    if env.include_diff and ctx.text_diff.hunks:
        text += [f"Text changes ({size})", _diff_text(ctx.text_diff, TEXT_DIFF_MAX_CHARS), ""]
        diff_html = Markup(_diff_html(ctx.text_diff, EMAIL_MAX_HUNKS))
    else:
        text += [f"Text changes: {size}", ""]

    text += ["Look it up", f"  {command}", f"  {_versions_line(ctx)}", f"  alert {env.key}", ""]
    text += _footer_text()
    subject = change_subject(ctx)
    body = _render(
        "email_change.html",
        subject=subject,
        label=ctx.target.label,
        severity=ctx.severity.value,
        url=ctx.target.url,
        url_ok=_linkable(ctx.target.url),
        cards=_card_views(ctx) if ctx.cards else [],
        facts=facts,
        editorial_note=editorial_note,
        announcements=announcements,
        diff=diff_html,
        size=size,
        command=command,
        versions=_versions_line(ctx),
        key=env.key,
    )
    return _email(subject, text, body, env, event_name("change", ctx.severity.value), ctx.target)


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
    subject = incident_subject(ctx)
    body = _render(
        "email_incident.html",
        subject=subject,
        label=target.label,
        lines=lines,
        url=target.url,
        url_ok=_linkable(target.url),
        target_id=target.id,
        key=env.key,
    )
    extra = {}
    if ctx.event == "resolved":
        # Thread the recovery under the alert that announced the problem.
        opened = message_id(incident_key(ctx, env.channel, "opened"))
        extra = {"In-Reply-To": opened, "References": opened}
    return _email(subject, text, body, env, event_name("operational", ctx.event), target, extra)


def email_for_test(env: Envelope) -> EmailContent:
    line = f"This is a test alert from noticewatch through channel {env.channel!r}: it works."
    text = [line, "", f"alert {env.key}", "", *_footer_text()]
    subject = subject_for_test(env)
    body = _render("email_test.html", subject=subject, line=line, key=env.key)
    return _email(subject, text, body, env, "test", None)


def _footer_text() -> list[str]:
    return ["-- ", "Sent by noticewatch. Quotes are the notice's own words as fetched."]


def _email(
    subject: str,
    text: Sequence[str],
    body: str,
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
    return EmailContent(
        subject=subject,
        text="\n".join(text).rstrip() + "\n",
        html=body,
        message_id=message_id(env.key),
        date=format_datetime(env.created_at.astimezone(UTC)),
        headers=headers,
    )
