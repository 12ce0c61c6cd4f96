"""A change as HTML: a standalone side-by-side page, and inline fragments for e-mails.

The markup comes from the Jinja2 templates of ``monitor.web`` (autoescaped, one
stylesheet), so the report, the e-mail and the web pages look alike; this module
only turns a ``Change`` into the plain values those templates print
(:func:`change_view`), which the web view reuses.

The page is one file with its CSS inline and no script, image, font or link to
fetch, so it can be archived next to the snapshots, attached to a report or
opened offline years later and still look the same; a Content-Security-Policy
forbids anything else. The e-mail fragments use ``style`` attributes only,
because mail clients drop ``<style>`` elements.

Notice text is untrusted: every character of it is escaped by the templates,
so a notice carrying ``<script>`` or ``<img onerror=...>`` shows those words
and runs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from monitor.diff.text import is_reorder_only
from monitor.model import Card, Change, Document, FactChange, Hunk, TextDiff
from monitor.render import (
    CARD_STATUS_TEXT,
    SEVERITY_TEXT,
    FactLabels,
    Segment,
    aligned_rows,
    announcement_lines,
    card_fields,
    clip,
    display_lines,
    evidence_quotes,
    fact_detail,
    fact_name,
    grouped_fact_changes,
    hunk_words,
    no_fact_change_message,
    section_title,
    stats_line,
)

#: Unchanged lines shown above and below each hunk in the side-by-side view.
CONTEXT_LINES = 3
#: Evidence sentences are quoted, not reprinted in full.
EVIDENCE_MAX_CHARS = 600

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

#: A side-by-side cell: None (no line on this side), else (changed?, segments).
Cell = tuple[bool, list[Segment]] | None


@dataclass(frozen=True, slots=True)
class Context:
    """An evidence sentence where it stands in the notice: the section, and the line around it."""

    where: str
    before: str
    marked: str
    after: str


@dataclass(frozen=True, slots=True)
class CardView:
    status: str
    status_text: str
    headline: str
    fields: list[tuple[str, str]]
    quotes: list[tuple[str, str]]
    contexts: list[Context] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FactGroupView:
    #: (op, text, detail) for each fact the group's sentences prove.
    heads: list[tuple[str, str, str]]
    quotes: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class HunkView:
    title: str
    counts: str
    #: ("gap",) | ("ctx", old, new) | ("chg", old Cell, new Cell)
    rows: list[tuple] = field(default_factory=list)
    #: The inline word diff cut into display lines.
    lines: list[list[Segment]] = field(default_factory=list)
    #: (card number from 1, headline) of the cards whose evidence is in this place's new text.
    cards: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChangeView:
    severity: str
    severity_text: str
    summary: str
    stats: str
    cards: list[CardView]
    fact_groups: list[FactGroupView]
    no_change: str
    #: (when, text) of announced changes, when no card carries them.
    announcements: list[tuple[str, str]]
    diff_note: str
    hunks: list[HunkView]


def change_view(
    change: Change,
    *,
    old: Document,
    new: Document,
    fact_labels: FactLabels | None = None,
    contexts: bool = False,
) -> ChangeView:
    """The plain values the templates print for a change (``contexts``: evidence located in ``new``)."""
    diff = change.text_diff
    cards = card_views(change.cards, fact_labels, new if contexts else None)
    groups = [] if change.cards else _fact_group_views(change.fact_changes, fact_labels)
    if not diff.hunks:
        note = "The text did not change."
    elif is_reorder_only(diff):
        note = "Only the order of identical lines changed."
    else:
        note = ""
    return ChangeView(
        severity=change.severity.value,
        severity_text=SEVERITY_TEXT.get(change.severity, change.severity.value),
        summary=change.summary,
        stats=stats_line(diff.stats, len(diff.hunks)),
        cards=cards,
        fact_groups=groups,
        no_change=no_fact_change_message(change.severity),
        announcements=[
            (when, clip(text, EVIDENCE_MAX_CHARS)) for when, text in announcement_lines(change)
        ]
        if change.announcements and not change.cards
        else [],
        diff_note=note,
        hunks=_with_evidence(hunk_views(diff.hunks, old.lines, new.lines), cards),
    )


def _with_evidence(hunks: list[HunkView], cards: Sequence[CardView]) -> list[HunkView]:
    """Each changed place tied to the cards whose evidence it holds, so card and text point to each other."""
    if not any(card.contexts for card in cards):
        return hunks
    out = []
    for hunk in hunks:
        text = " ".join(
            "".join(piece for op, piece in line if op != "delete") for line in hunk.lines
        )
        text = " ".join(text.split())
        tied = [
            (number, clip(card.headline, 90))
            for number, card in enumerate(cards, start=1)
            if any(ctx.marked[:60] in text for ctx in card.contexts)
        ]
        out.append(replace(hunk, cards=tied) if tied else hunk)
    return out


def change_page(
    change: Change,
    *,
    title: str,
    old_label: str,
    new_label: str,
    old: Document,
    new: Document,
    fact_labels: FactLabels | None = None,
) -> str:
    """A standalone HTML page: the facts that changed, then the text side by side, hunk by hunk."""
    from monitor.render.templating import render, stylesheet

    return (
        render(
            "report.html",
            view=change_view(change, old=old, new=new, fact_labels=fact_labels),
            title=title,
            old_label=old_label,
            new_label=new_label,
            lang=new.language or old.language or "",
            csp=_CSP,
            css=Markup(stylesheet()),
        )
        + "\n"
    )


def inline_diff_html(diff: TextDiff, *, max_hunks: int | None = None) -> str:
    """An HTML fragment with insertions and deletions highlighted inline, styled for e-mail."""
    from monitor.render.templating import environment

    hunks = diff.hunks
    shown = hunks if max_hunks is None else hunks[:max_hunks]
    macro = environment().get_template("_change.html").module.email_diff  # type: ignore[attr-defined]
    return str(macro(hunk_views(shown, None, None), len(hunks) - len(shown))).strip()


def cards_html(cards: Sequence[Card], fact_labels: FactLabels | None, *, inline: bool) -> str:
    """The cards as HTML, most important first: headline, what is tied to the subject, evidence.

    ``inline`` styles every element with ``style`` attributes (for e-mail, whose
    clients drop ``<style>``); otherwise the page's classes apply. Everything is escaped.
    """
    from monitor.render.templating import environment

    module = environment().get_template("_change.html").module
    macro = module.email_cards if inline else module.cards  # type: ignore[attr-defined]
    return str(macro(card_views(cards, fact_labels, None))).strip()


# --------------------------------------------------------------------------- views


def card_views(
    cards: Sequence[Card], fact_labels: FactLabels | None, document: Document | None
) -> list[CardView]:
    seen: set[str] = set()
    out = []
    for card in cards:
        quotes = evidence_quotes(card, seen, EVIDENCE_MAX_CHARS)
        contexts: list[Context] = []
        if document is not None:  # a sentence found in the notice is shown there, marked
            kept = []
            for label, quote in quotes:
                found = (
                    []
                    if label != "now" or quote.endswith("(quoted above)")
                    else (evidence_contexts([quote], document))
                )
                contexts += found
                if not found:
                    kept.append((label, quote))
            quotes = kept
        out.append(
            CardView(
                status=card.status,
                status_text=CARD_STATUS_TEXT.get(card.status, card.status),
                headline=card.headline,
                fields=card_fields(card, fact_labels),
                quotes=quotes,
                contexts=contexts,
            )
        )
    return out


def evidence_contexts(quotes: Sequence[str], document: Document) -> list[Context]:
    """Each quoted sentence found in the notice: its section, the paragraph, the sentence marked.

    Quotes may have been clipped ("…") and re-spaced, so the search is on the
    first words, whitespace-normalized; a quote not found is left out.
    """
    out = []
    for quote in quotes:
        probe = " ".join(quote.rstrip("…").split())
        head = probe[:60]
        if len(head) < 8:
            continue
        for block in document.blocks:
            line = " ".join(block.text.split())
            at = line.find(head)
            if at < 0:
                continue
            end = at + len(probe) if line.startswith(probe, at) else at + len(head)
            if end == at + len(head):  # clipped quote: mark to the end of its sentence
                stop = line.find(". ", end)
                end = len(line) if stop < 0 else stop + 1
            out.append(
                Context(
                    where=section_title(block.path),
                    before=_tail(line[:at], 200),
                    marked=line[at:end],
                    after=clip(line[end:], 200),
                )
            )
            break
    return out


def hunk_views(
    hunks: Sequence[Hunk], old_lines: Sequence[str] | None, new_lines: Sequence[str] | None
) -> list[HunkView]:
    """Every hunk with its side-by-side rows (when the texts are given) and its inline lines."""
    out: list[HunkView] = []
    shown_old_end = 0  # old lines up to here are already on the page
    for k, hunk in enumerate(hunks):
        rows: list[tuple] = []
        if old_lines is not None and new_lines is not None:
            old_end = hunk.old_start + len(hunk.old_lines)
            new_end = hunk.new_start + len(hunk.new_lines)
            next_start = hunks[k + 1].old_start if k + 1 < len(hunks) else len(old_lines)
            before = max(shown_old_end, hunk.old_start - CONTEXT_LINES)
            after = min(next_start, old_end + CONTEXT_LINES, len(old_lines))
            if before > shown_old_end:  # unchanged lines not on the page above
                rows.append(("gap",))
            rows += _context_rows(
                old_lines, new_lines, before, hunk.old_start, hunk.new_start - hunk.old_start
            )
            rows += [("chg", _cell(o), _cell(n)) for o, n in aligned_rows(hunk)]
            rows += _context_rows(old_lines, new_lines, old_end, after, new_end - old_end)
            if after < next_start:  # and below
                rows.append(("gap",))
            shown_old_end = after
        out.append(
            HunkView(
                title=section_title(hunk.section_path),
                counts=_counts(hunk),
                rows=rows,
                lines=display_lines(hunk_words(hunk)),
            )
        )
    return out


def _fact_group_views(
    changes: Sequence[FactChange], fact_labels: FactLabels | None
) -> list[FactGroupView]:
    """One item per group of facts proven by the same sentences, quoted once."""
    seen: set[str] = set()
    out = []
    for group in grouped_fact_changes(changes):
        heads = []
        for fc in group:
            op = "added" if fc.op == "added" else "removed"
            text = fc.description or fact_name(fc.fact, fact_labels)
            heads.append((op, text, fact_detail(fc, fact_labels) if fc.description else ""))
        out.append(FactGroupView(heads, evidence_quotes(group[0], seen, EVIDENCE_MAX_CHARS)))
    return out


def _context_rows(
    old_lines: Sequence[str], new_lines: Sequence[str], start: int, stop: int, offset: int
) -> list[tuple]:
    """Unchanged old lines [start, stop) beside their new counterparts (``offset`` lines away)."""
    rows: list[tuple] = []
    for i in range(start, stop):
        j = i + offset
        old_text = old_lines[i] if 0 <= i < len(old_lines) else ""
        new_text = new_lines[j] if 0 <= j < len(new_lines) else ""
        rows.append(("ctx", old_text, new_text))
    return rows


def _cell(segments: list[Segment] | None) -> Cell:
    if segments is None:
        return None
    return any(op != "equal" for op, _ in segments), segments


def _counts(hunk: Hunk) -> str:
    parts = []
    if hunk.new_lines:
        parts.append(f"+{len(hunk.new_lines)}")
    if hunk.old_lines:
        parts.append(f"−{len(hunk.old_lines)}")
    n = max(len(hunk.new_lines), len(hunk.old_lines))
    return f"{' '.join(parts)} line{'s' if n != 1 else ''}"


def _tail(text: str, limit: int) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1) :].lstrip()


__all__ = [
    "CONTEXT_LINES",
    "CardView",
    "ChangeView",
    "HunkView",
    "card_views",
    "cards_html",
    "change_page",
    "change_view",
    "evidence_contexts",
    "hunk_views",
    "inline_diff_html",
]
