"""A change on the terminal: what the notice now says differently, then where the text moved.

Everything is built from ``rich.text.Text`` objects, never from markup strings,
so a notice that contains ``[bold]`` or ``:smile:`` prints those characters;
control characters (an escape sequence hidden in a notice) are replaced before
they reach the terminal. Without colours (``NO_COLOR``, ``Console(no_color=True)``,
output to a file or a pipe) insertions and deletions are marked in the text
itself, ``[-deleted-]`` and ``{+inserted+}``, as ``git diff --word-diff`` does.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

from monitor.diff.text import is_reorder_only
from monitor.model import Card, Change, FactChange, Severity
from monitor.render import (
    CARD_STATUS_TEXT,
    SEVERITY_TEXT,
    FactLabels,
    Segment,
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
    stats_line,
)

#: Evidence sentences are quoted, not reprinted in full.
EVIDENCE_MAX_CHARS = 400

_SEVERITY_STYLE = {
    Severity.MATERIAL: "bold white on red",
    Severity.EDITORIAL: "bold black on yellow",
    Severity.REEXTRACTION: "bold white on blue",
    Severity.FIRST: "bold white on blue",
    Severity.NONE: "bold",
}
_CARD_STYLE = {
    "added": "bold green",
    "removed": "bold red",
    "changed": "bold yellow",
    "announced": "bold magenta",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_change(
    console: Console,
    change: Change,
    *,
    title: str,
    old_label: str,
    new_label: str,
    fact_labels: FactLabels | None = None,
) -> None:
    """Print a change: header, its cards (or the facts that changed, with evidence), the text diff."""
    plain = uses_markers(console)
    console.print(Text(_safe(title), style="bold"))
    console.print(Text(_safe(f"{old_label} → {new_label}"), style="dim"))
    header = Text.assemble(_badge(change.severity, plain))
    if change.summary:
        header.append("  " + _safe(change.summary))
    console.print(header)
    console.print(
        Text(stats_line(change.text_diff.stats, len(change.text_diff.hunks)), style="dim")
    )

    console.print()
    console.print(Text("What changed", style="bold underline"))
    seen: set[str] = set()
    if change.cards:
        for card in change.cards:
            _print_card(console, card, fact_labels, seen)
    elif not change.fact_changes:
        console.print(Text("  " + no_fact_change_message(change.severity)))
    for group in () if change.cards else grouped_fact_changes(change.fact_changes):
        _print_fact_group(console, group, fact_labels, seen)

    if change.announcements and not change.cards:
        console.print()
        console.print(Text("Announced changes", style="bold underline"))
        for when, text in announcement_lines(change):
            line = Text("  effective ", style="yellow")
            line.append(_safe(when), style="bold yellow")
            line.append(": " + _safe(clip(text, EVIDENCE_MAX_CHARS)))
            console.print(line)

    diff = change.text_diff
    if not diff.hunks:
        return
    console.print()
    console.print(Text("Text changes", style="bold underline"))
    if is_reorder_only(diff):
        console.print(Text("  Only the order of identical lines changed.", style="italic"))
    for hunk in diff.hunks:
        console.print()
        console.print(Text("§ " + _safe(hunk.summary), style="bold cyan"))
        for segments in display_lines(hunk_words(hunk)):
            line = Text("  ")
            for segment in segments:
                _append_segment(line, segment, plain)
            console.print(line)


def uses_markers(console: Console) -> bool:
    """True when colours cannot show insertions and deletions, so the text must carry markers."""
    return console.no_color or console.color_system is None


def _print_card(
    console: Console, card: Card, fact_labels: FactLabels | None, seen: set[str]
) -> None:
    """One card: its headline, what is tied to its subject (before → after), then the evidence."""
    line = Text("  ")
    status = CARD_STATUS_TEXT.get(card.status, card.status)
    line.append(f"[{status}] ", style=_CARD_STYLE.get(card.status, "bold"))
    line.append(_safe(card.headline), style="bold")
    console.print(line)
    for name, value in card_fields(card, fact_labels):
        row = Text(f"      {name}: ", style="dim")
        row.append(_safe(value))
        console.print(row)
    for label, quote in evidence_quotes(card, seen, EVIDENCE_MAX_CHARS):
        evidence = Text(f"      {label}: ", style="dim")
        evidence.append(f"“{_safe(quote)}”", style="italic")
        console.print(evidence)
    console.print()


def _print_fact_group(
    console: Console, group: list[FactChange], fact_labels: FactLabels | None, seen: set[str]
) -> None:
    """Facts proven by the same sentences: each on its line, then the sentences once."""
    for fc in group:
        added = fc.op == "added"
        line = Text("  ")
        line.append(
            "+ added  " if added else "− removed ", style="bold green" if added else "bold red"
        )
        line.append(_safe(fc.description or fact_name(fc.fact, fact_labels)))
        if fc.description:
            line.append("  " + _safe(fact_detail(fc, fact_labels)), style="dim")
        console.print(line)
    for label, quote in evidence_quotes(group[0], seen, EVIDENCE_MAX_CHARS):
        evidence = Text(f"      {label}: ", style="dim")
        evidence.append(f"“{_safe(quote)}”", style="italic")
        console.print(evidence)


def _badge(severity: Severity, plain: bool) -> Text:
    word = SEVERITY_TEXT.get(severity, severity.value).upper()
    if plain:
        return Text(f"[{word}]")
    return Text(f" {word} ", style=_SEVERITY_STYLE.get(severity, "bold"))


def _append_segment(line: Text, segment: Segment, plain: bool) -> None:
    op, text = segment
    text = _safe(text)
    if op == "equal":
        line.append(text)
    elif plain:
        line.append(f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
    elif op == "delete":
        line.append(text, style="red strike")
    else:
        line.append(text, style="bold green")


def _safe(text: str) -> str:
    """Notice text with terminal control characters replaced, so it cannot drive the terminal."""
    return _CONTROL.sub("\ufffd", text)


__all__ = ["render_change", "uses_markers"]
