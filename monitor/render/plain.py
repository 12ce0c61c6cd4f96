"""A change as plain text: for the text part of an email, logs and output to a pipe.

The word diff uses the markers of ``git diff --word-diff`` (``[-deleted-]``,
``{+inserted+}``) because plain text has no other way to show them, and stays
readable when a mail client rewraps it. Truncation happens between hunks when
it can, and otherwise closes the marker it cuts, so a truncated diff never
leaves a deletion open.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.model import Card, FactChange, Hunk, TextDiff
from monitor.render import (
    CARD_STATUS_TEXT,
    FactLabels,
    Segment,
    card_fields,
    display_lines,
    evidence_quotes,
    fact_detail,
    fact_name,
    grouped_fact_changes,
    hunk_words,
)

#: Evidence sentences are quoted, not reprinted in full.
EVIDENCE_MAX_CHARS = 400
#: Below this many characters left, a hunk is left out rather than cut.
_MIN_PARTIAL = 80

#: A piece of output: (opening marker, text, closing marker); only the text may be cut.
_Atom = tuple[str, str, str]


def word_diff_text(diff: TextDiff, *, max_chars: int | None = None) -> str:
    """Compact word diff, hunk by hunk under its section line: ``§ Section › Sub: +1 -1 line``.

    With ``max_chars`` the result (including the note saying what was left out)
    is at most that long, provided it leaves room for the note.
    """
    rendered = [_hunk_atoms(i, hunk) for i, hunk in enumerate(diff.hunks)]
    full = "".join(a + t + z for atoms in rendered for a, t, z in atoms)
    if max_chars is None or len(full) <= max_chars:
        return full
    total = len(diff.hunks)
    budget = max_chars - len(_note(0, total))  # room for the longest note
    out: list[str] = []
    used = 0
    shown = 0
    for atoms in rendered:
        size = sum(len(a) + len(t) + len(z) for a, t, z in atoms)
        if used + size <= budget:
            out.append("".join(a + t + z for a, t, z in atoms))
            used += size
            shown += 1
            continue
        if budget - used >= _MIN_PARTIAL:
            out.append(_cut(atoms, budget - used))
            shown += 1
        break
    return "".join(out) + _note(shown, total)


def fact_changes_text(changes: Sequence[FactChange], fact_labels: FactLabels | None = None) -> str:
    """The facts delta in plain words, evidence quoted once per group; empty when nothing changed."""
    lines: list[str] = []
    heading = ""
    seen: set[str] = set()
    for group in grouped_fact_changes(changes):
        op = group[0].op
        if heading != op:
            if lines:
                lines.append("")
            lines.append("Added:" if op == "added" else "Removed:")
            heading = op
        for fc in group:
            text = _one_line(fc.description) or fact_name(fc.fact, fact_labels)
            detail = f"  {fact_detail(fc, fact_labels)}" if fc.description else ""
            lines.append(f"  {'+' if op == 'added' else '−'} {text}{detail}")
        quotes = evidence_quotes(group[0], seen, EVIDENCE_MAX_CHARS)
        lines.extend(f"    {label}: “{quote}”" for label, quote in quotes)
    return "\n".join(lines)


def cards_text(cards: Sequence[Card], fact_labels: FactLabels | None = None) -> str:
    """The cards in plain words, most important first, each sentence quoted once; empty without cards."""
    blocks: list[str] = []
    seen: set[str] = set()
    for card in cards:
        status = CARD_STATUS_TEXT.get(card.status, card.status)
        lines = [f"* [{status}] {_one_line(card.headline)}"]
        lines += [
            f"    {name}: {_one_line(value)}" for name, value in card_fields(card, fact_labels)
        ]
        quotes = evidence_quotes(card, seen, EVIDENCE_MAX_CHARS)
        lines += [f"    {label}: “{quote}”" for label, quote in quotes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _hunk_atoms(index: int, hunk: Hunk) -> list[_Atom]:
    atoms: list[_Atom] = [("", ("\n\n" if index else "") + f"§ {_one_line(hunk.summary)}", "")]
    for segments in display_lines(hunk_words(hunk)):
        atoms.append(("", "\n", ""))
        atoms.extend(_segment_atom(segment) for segment in segments)
    return atoms


def _segment_atom(segment: Segment) -> _Atom:
    op, text = segment
    if op == "delete":
        return ("[-", text, "-]")
    if op == "insert":
        return ("{+", text, "+}")
    return ("", text, "")


def _cut(atoms: list[_Atom], room: int) -> str:
    """As many atoms as fit in ``room`` characters, the last one cut with an ellipsis inside its markers."""
    out: list[str] = []
    for opening, text, closing in atoms:
        size = len(opening) + len(text) + len(closing)
        if size <= room:
            out.append(opening + text + closing)
            room -= size
            continue
        keep = room - len(opening) - len(closing) - 1
        if keep > 0:
            out.append(opening + text[:keep] + "…" + closing)
        break
    return "".join(out)


def _note(shown: int, total: int) -> str:
    left = total - shown
    if left <= 0:
        return "\n… (diff truncated)"
    return f"\n… (diff truncated; {left} more changed place{'s' if left != 1 else ''} not shown)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


__all__ = ["cards_text", "fact_changes_text", "word_diff_text"]
