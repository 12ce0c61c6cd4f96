"""A change as HTML: a standalone side-by-side page, and an inline fragment for emails.

The page is one file with its CSS inline and no script, image, font or link to
fetch, so it can be archived next to the snapshots, attached to a report or
opened offline years later and still look the same; a Content-Security-Policy
forbids anything else. The email fragment uses ``style`` attributes only,
because mail clients drop ``<style>`` elements.

Notice text is untrusted: every character of it goes through
``html.escape``, so a notice carrying ``<script>`` or ``<img onerror=...>``
shows those words and runs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from monitor.diff.text import is_reorder_only
from monitor.model import Card, Change, Document, FactChange, Hunk, Severity, TextDiff
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

_CSS = """
:root { color-scheme: light dark; --fg:#1a1a1a; --muted:#666; --line:#ddd; --bg:#fff;
  --del-bg:#fbdcdc; --del-fg:#8a1010; --ins-bg:#d7f5dd; --ins-fg:#0b5d1e; --ctx:#fafafa; }
@media (prefers-color-scheme: dark) {
  :root { --fg:#e6e6e6; --muted:#9a9a9a; --line:#444; --bg:#161616;
    --del-bg:#4a1d1d; --del-fg:#ffb3b3; --ins-bg:#173d22; --ins-fg:#b3f0c2; --ctx:#1e1e1e; }
}
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 24px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 24px 0 6px; }
.muted, .versions, .stats, .counts { color: var(--muted); }
.counts { font-weight: normal; font-size: 13px; margin-left: 8px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 4px; font-size: 12px;
  font-weight: bold; letter-spacing: .04em; text-transform: uppercase; color: #fff; background: #555; }
.badge.material { background: #b3261e; } .badge.editorial { background: #8a6d00; }
.badge.reextraction, .badge.first { background: #28579e; }
ul.facts { list-style: none; padding: 0; margin: 0; }
ul.facts li { margin: 10px 0; }
.op { font-weight: bold; display: inline-block; min-width: 5.5em; }
.op.added { color: var(--ins-fg); } .op.removed { color: var(--del-fg); }
.fact { color: var(--muted); font-size: 13px; }
blockquote { margin: 4px 0 4px 5.5em; padding: 2px 10px; border-left: 3px solid var(--line); font-style: italic; }
blockquote .when { font-style: normal; color: var(--muted); font-size: 13px; }
table.sbs { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 14px; }
table.sbs th { text-align: left; font-weight: normal; color: var(--muted); font-size: 13px;
  border-bottom: 1px solid var(--line); padding: 2px 8px; }
table.sbs td { width: 50%; vertical-align: top; padding: 2px 8px; white-space: pre-wrap;
  overflow-wrap: anywhere; border-left: 1px solid var(--line); }
table.sbs td:first-child { border-left: 0; }
tr.ctx td { background: var(--ctx); color: var(--muted); }
tr.gap td { text-align: center; color: var(--muted); }
td.empty { background: repeating-linear-gradient(135deg, transparent, transparent 6px, var(--ctx) 6px, var(--ctx) 12px); }
td.old { background: color-mix(in srgb, var(--del-bg) 35%, transparent); }
td.new { background: color-mix(in srgb, var(--ins-bg) 35%, transparent); }
del { background: var(--del-bg); color: var(--del-fg); }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration: none; }
.card { border: 1px solid var(--line); border-left-width: 4px; border-radius: 4px; padding: 6px 12px; margin: 10px 0; }
.card.added { border-left-color: var(--ins-fg); } .card.removed { border-left-color: var(--del-fg); }
.card.changed, .card.announced { border-left-color: #8a6d00; }
.card .headline { font-weight: bold; margin: 2px 0 6px; }
.card .status { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-right: 6px; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; font-size: 14px; }
.card dt { color: var(--muted); } .card dd { margin: 0; }
.card blockquote { margin-left: 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
"""

# Inline styles for the email fragment (mail clients strip <style> elements).
_E_SECTION = "margin:16px 0 4px;color:#555;font-size:13px"
_E_BODY = "font-family:Georgia,'Times New Roman',serif;line-height:1.5;color:#1a1a1a"
_E_INS = "background:#d7f5dd;color:#0b5d1e;text-decoration:none"
_E_DEL = "background:#fbdcdc;color:#8a1010;text-decoration:line-through"
_E_NOTE = "color:#555;font-size:13px;font-style:italic"
_E_CARD = "border:1px solid #ddd;border-left:4px solid {color};border-radius:4px;padding:6px 12px;margin:10px 0"
_E_CARD_COLOR = {
    "added": "#0b5d1e",
    "removed": "#8a1010",
    "changed": "#8a6d00",
    "announced": "#8a6d00",
}
_E_STATUS = (
    "font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#666;margin-right:6px"
)
_E_FIELD = "margin:2px 0;font-size:14px"
_E_QUOTE = "margin:4px 0;padding:2px 10px;border-left:3px solid #bbb;color:#333;font-style:italic"


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
    diff = change.text_diff
    lang = new.language or old.language or ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">' if lang else "<html>",
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="versions">{_e(old_label)} → {_e(new_label)}</p>',
        f"<p>{_badge(change.severity)} {_e(change.summary)}</p>",
        f'<p class="stats">{_e(stats_line(diff.stats, len(diff.hunks)))}</p>',
        "</header>",
        '<section class="what-changed">',
        "<h2>What changed</h2>",
        _facts_html(change, fact_labels),
        "</section>",
    ]
    if change.announcements and not change.cards:
        parts += ['<section class="announcements">', "<h2>Announced changes</h2>", "<ul>"]
        for when, text in announcement_lines(change):
            parts.append(
                f"<li><b>effective {_e(when)}</b>: {_e(clip(text, EVIDENCE_MAX_CHARS))}</li>"
            )
        parts += ["</ul>", "</section>"]
    parts += ['<section class="text-changes">', "<h2>Text changes</h2>"]
    if not diff.hunks:
        parts.append('<p class="muted">The text did not change.</p>')
    elif is_reorder_only(diff):
        parts.append('<p class="muted">Only the order of identical lines changed.</p>')
    parts += _side_by_side(diff.hunks, old.lines, new.lines, old_label, new_label)
    parts += [
        "</section>",
        "<footer>Generated by noticewatch. Deleted words are struck out in the old text, "
        "inserted words highlighted in the new.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def inline_diff_html(diff: TextDiff, *, max_hunks: int | None = None) -> str:
    """An HTML fragment with insertions and deletions highlighted inline, styled for email."""
    out: list[str] = []
    shown = diff.hunks if max_hunks is None else diff.hunks[:max_hunks]
    for hunk in shown:
        out.append(
            f'<p style="{_E_SECTION}"><b>{_e(section_title(hunk.section_path))}</b>'
            f" &nbsp;{_e(_counts(hunk))}</p>"
        )
        lines = [
            "".join(_segment_html(segment, inline=True) for segment in line)
            for line in display_lines(hunk_words(hunk))
        ]
        out.append(f'<div style="{_E_BODY}">{"<br>".join(lines)}</div>')
    hidden = len(diff.hunks) - len(shown)
    if hidden > 0:
        out.append(
            f'<p style="{_E_NOTE}">… {hidden} more changed place{"s" if hidden != 1 else ""} not shown</p>'
        )
    return "\n".join(out)


# --------------------------------------------------------------------------- pieces


def cards_html(cards: Sequence[Card], fact_labels: FactLabels | None, *, inline: bool) -> str:
    """The cards as HTML, most important first: headline, what is tied to the subject, evidence.

    ``inline`` styles every element with ``style`` attributes (for email, whose
    clients drop ``<style>``); otherwise the page's classes apply. Everything is escaped.
    """
    seen: set[str] = set()
    out = []
    for card in cards:
        status = _e(CARD_STATUS_TEXT.get(card.status, card.status))
        fields = card_fields(card, fact_labels)
        quotes = evidence_quotes(card, seen, EVIDENCE_MAX_CHARS)
        if inline:
            color = _E_CARD_COLOR.get(card.status, "#555")
            parts = [
                f'<div style="{_E_CARD.format(color=color)}">',
                f'<p style="margin:2px 0 6px"><span style="{_E_STATUS}">{status}</span>'
                f"<b>{_e(card.headline)}</b></p>",
                *(
                    f'<p style="{_E_FIELD}"><span style="color:#666">{_e(name)}:</span> {_e(value)}</p>'
                    for name, value in fields
                ),
                *(
                    f'<blockquote style="{_E_QUOTE}"><span style="color:#777;font-style:normal">'
                    f"{_e(label)}:</span> {_e(quote)}</blockquote>"
                    for label, quote in quotes
                ),
                "</div>",
            ]
        else:
            rows = "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in fields)
            parts = [
                f'<div class="card {_e(card.status)}">',
                f'<p class="headline"><span class="status">{status}</span>{_e(card.headline)}</p>',
                f"<dl>{rows}</dl>" if rows else "",
                *(
                    f'<blockquote><span class="when">{_e(label)}:</span> {_e(quote)}</blockquote>'
                    for label, quote in quotes
                ),
                "</div>",
            ]
        out.append("".join(parts))
    return "\n".join(out)


def _facts_html(change: Change, fact_labels: FactLabels | None) -> str:
    if change.cards:
        return cards_html(change.cards, fact_labels, inline=False)
    if not change.fact_changes:
        return f'<p class="muted">{_e(no_fact_change_message(change.severity))}</p>'
    seen: set[str] = set()
    groups = grouped_fact_changes(change.fact_changes)
    items = [_fact_group(group, fact_labels, seen) for group in groups]
    return '<ul class="facts">\n' + "\n".join(items) + "\n</ul>"


def _fact_group(group: list[FactChange], fact_labels: FactLabels | None, seen: set[str]) -> str:
    """One item per group of facts proven by the same sentences, quoted once."""
    heads = []
    for fc in group:
        op = "added" if fc.op == "added" else "removed"
        head = f'<span class="op {op}">{op}</span> {_e(fc.description or fact_name(fc.fact, fact_labels))}'
        if fc.description:
            head += f' <span class="fact">{_e(fact_detail(fc, fact_labels))}</span>'
        heads.append(f'<div class="fact-change">{head}</div>')
    quotes = [
        f'<blockquote><span class="when">{label}:</span> {_e(quote)}</blockquote>'
        for label, quote in evidence_quotes(group[0], seen, EVIDENCE_MAX_CHARS)
    ]
    return f"<li>{''.join(heads)}{''.join(quotes)}</li>"


def _side_by_side(
    hunks: Sequence[Hunk],
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    old_label: str,
    new_label: str,
) -> list[str]:
    """One two-column table per hunk, with a few unchanged lines around it."""
    out: list[str] = []
    shown_old_end = 0  # old lines up to here are already on the page
    for k, hunk in enumerate(hunks):
        old_end = hunk.old_start + len(hunk.old_lines)
        new_end = hunk.new_start + len(hunk.new_lines)
        next_start = hunks[k + 1].old_start if k + 1 < len(hunks) else len(old_lines)
        before = max(shown_old_end, hunk.old_start - CONTEXT_LINES)
        after = min(next_start, old_end + CONTEXT_LINES, len(old_lines))
        rows: list[str] = []
        if before > shown_old_end:  # unchanged lines not on the page above
            rows.append('<tr class="gap"><td colspan="2">⋯</td></tr>')
        rows += _context_rows(
            old_lines, new_lines, before, hunk.old_start, hunk.new_start - hunk.old_start
        )
        for old_cell, new_cell in aligned_rows(hunk):
            rows.append(f'<tr class="chg">{_cell(old_cell, "old")}{_cell(new_cell, "new")}</tr>')
        rows += _context_rows(old_lines, new_lines, old_end, after, new_end - old_end)
        if after < next_start:  # and below
            rows.append('<tr class="gap"><td colspan="2">⋯</td></tr>')
        shown_old_end = after
        out += [
            '<div class="hunk">',
            f"<h3>{_e(section_title(hunk.section_path))}"
            f'<span class="counts">{_e(_counts(hunk))}</span></h3>',
            '<table class="sbs">',
            f"<thead><tr><th>{_e(old_label)}</th><th>{_e(new_label)}</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
        ]
    return out


def _context_rows(
    old_lines: Sequence[str], new_lines: Sequence[str], start: int, stop: int, offset: int
) -> list[str]:
    """Unchanged old lines [start, stop) beside their new counterparts (``offset`` lines away)."""
    rows = []
    for i in range(start, stop):
        j = i + offset
        old_text = old_lines[i] if 0 <= i < len(old_lines) else ""
        new_text = new_lines[j] if 0 <= j < len(new_lines) else ""
        rows.append(f'<tr class="ctx"><td>{_e(old_text)}</td><td>{_e(new_text)}</td></tr>')
    return rows


def _cell(segments: list[Segment] | None, side: str) -> str:
    if segments is None:
        return '<td class="empty"></td>'
    changed = any(op != "equal" for op, _ in segments)
    body = "".join(_segment_html(segment, inline=False) for segment in segments)
    return f'<td class="{side}">{body}</td>' if changed else f"<td>{body}</td>"


def _segment_html(segment: Segment, *, inline: bool) -> str:
    op, text = segment
    if op == "equal":
        return _e(text)
    tag = "del" if op == "delete" else "ins"
    if inline:
        return f'<{tag} style="{_E_DEL if tag == "del" else _E_INS}">{_e(text)}</{tag}>'
    return f"<{tag}>{_e(text)}</{tag}>"


def _counts(hunk: Hunk) -> str:
    parts = []
    if hunk.new_lines:
        parts.append(f"+{len(hunk.new_lines)}")
    if hunk.old_lines:
        parts.append(f"−{len(hunk.old_lines)}")
    n = max(len(hunk.new_lines), len(hunk.old_lines))
    return f"{' '.join(parts)} line{'s' if n != 1 else ''}"


def _badge(severity: Severity) -> str:
    word = SEVERITY_TEXT.get(severity, severity.value)
    return f'<span class="badge {_e(severity.value)}">{_e(word)}</span>'


def _e(text: object) -> str:
    return escape(str(text), quote=True)


__all__ = ["CONTEXT_LINES", "cards_html", "change_page", "inline_diff_html"]
