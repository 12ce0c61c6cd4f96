"""Showing a change to a person: on a terminal, as an HTML page, in an email.

Every renderer here reads the same plain data (a ``Change`` and its ``TextDiff``)
and treats all notice text as untrusted: rich markup, HTML and marker
characters in a notice are printed as the literal text they are. The helpers
in this module are what the renderers share, so the terminal, the page and the
email say the same things in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from monitor.model import Card, Change, DiffOp, DiffStats, FactChange, Hunk, Severity

#: One piece of a word diff: ``("equal" | "insert" | "delete", text)``.
Segment = tuple[DiffOp, str]
#: One row of a side-by-side view: the old line and the new line, either may be missing.
Row = tuple[list[Segment] | None, list[Segment] | None]
FactLabels = Callable[[str], str]
#: How much of a sentence quoted again for a later fact is shown.
REPEAT_CHARS = 60

SEVERITY_TEXT = {
    Severity.MATERIAL: "material",
    Severity.EDITORIAL: "editorial",
    Severity.REEXTRACTION: "re-extraction",
    Severity.FIRST: "first version",
    Severity.NONE: "no change",
}


def section_title(path: Sequence[str]) -> str:
    return " › ".join(path) or "(top)"


def no_fact_change_message(severity: Severity) -> str:
    """What to say when the facts did not move, which depends on why there is a change at all."""
    if severity is Severity.REEXTRACTION:
        return "No change in stated facts (the same notice, read again by a newer extractor)"
    if severity is Severity.FIRST:
        return "First version recorded: nothing to compare with"
    if severity is Severity.NONE:
        return "No change"
    return "No change in stated facts (editorial)"


def fact_name(fact: str, fact_labels: FactLabels | None) -> str:
    """``Label [id]`` when a label is known, the bare id otherwise."""
    label = fact_labels(fact) if fact_labels is not None else ""
    return f"{label} [{fact}]" if label and label != fact else fact


def fact_detail(fc: FactChange, fact_labels: FactLabels | None) -> str:
    """The taxonomy id, with its label when the description does not already say it."""
    label = fact_labels(fc.fact) if fact_labels is not None else ""
    if label and label != fc.fact and label.casefold() not in fc.description.casefold():
        return f"{label} [{fc.fact}]"
    return f"[{fc.fact}]"


def grouped_fact_changes(changes: Sequence[FactChange]) -> list[list[FactChange]]:
    """Added facts then removed ones, consecutive changes proven by the same sentences grouped.

    A new purpose, its legal basis and its data categories often come from one
    sentence; quoting it once under the group keeps "What changed" readable.
    """
    groups: list[list[FactChange]] = []
    added, removed = split_fact_changes(changes)
    for fc in added + removed:
        last = groups[-1][0] if groups else None
        if last is not None and (last.op, last.new_evidence, last.old_evidence) == (
            fc.op,
            fc.new_evidence,
            fc.old_evidence,
        ):
            groups[-1].append(fc)
        else:
            groups.append([fc])
    return groups


def evidence_quotes(fc: FactChange | Card, seen: set[str], limit: int) -> list[tuple[str, str]]:
    """(``now``/``before``, quote) for one fact change or card, each sentence quoted in full only once.

    A sentence already quoted for an earlier fact (in ``seen``, which this
    updates) comes back as its first words and "(quoted above)".
    """
    out = []
    for label, quotes in (("now", fc.new_evidence), ("before", fc.old_evidence)):
        for quote in quotes:
            text = " ".join(quote.split())
            if text in seen:
                out.append((label, clip(text, REPEAT_CHARS) + " (quoted above)"))
            else:
                seen.add(text)
                out.append((label, clip(text, limit)))
    return out


CARD_STATUS_TEXT = {
    "added": "new",
    "removed": "removed",
    "changed": "changed",
    "announced": "announced",
}


def card_fields(card: Card, names: FactLabels | None) -> list[tuple[str, str]]:
    """The lines under a card's headline: (what, value) for legal basis, data, control, and so on.

    Everything tied to the card's subject, before and after where it moved, so a
    reader sees the whole purpose and not only the part that changed. ``names``
    turns ids into labels in the notice's language.
    """

    def words(ids: Sequence[str]) -> str:
        return ", ".join((names(i) if names is not None else None) or i for i in ids)

    def moved(old: Sequence[str], new: Sequence[str]) -> str:
        if tuple(old) == tuple(new) or card.status in {"added", "announced"}:
            return words(new)
        if card.status == "removed":
            return words(old)
        return f"{words(old) or 'not stated'} → {words(new) or 'not stated'}"

    out: list[tuple[str, str]] = []
    if card.effective_date or card.kind == "announcement":
        out.append(("takes effect", card.effective_date or "date not stated"))
    if card.purposes:
        out.append(("purposes", words(card.purposes)))
    if card.bases_old or card.bases_new:
        out.append(("legal basis", moved(card.bases_old, card.bases_new)))
    if (
        card.kind == "purpose"
        and card.status == "changed"
        and (card.data_added or card.data_removed)
    ):
        if card.data_added:
            out.append(("data added", words(card.data_added)))
        if card.data_removed:
            out.append(("data removed", words(card.data_removed)))
        if card.data_now:
            out.append(("data now", words(card.data_now)))
    elif card.data_now or card.data_removed:
        out.append(
            ("data", words(card.data_now if card.status != "removed" else card.data_removed))
        )
    if card.controls_old or card.controls_new:
        out.append(("control", moved(card.controls_old, card.controls_new)))
    if card.recipients:
        out.append(("shared with", words(card.recipients)))
    if card.sale is not None:
        out.append(("sale", "sold" if card.sale else "the notice says it does not sell"))
    if card.negated:
        out.append(("stated", "in the negative (the notice says it does not)"))
    if card.was_negated:
        out.append(("before", "stated in the negative (the notice said it did not)"))
    return out


def split_fact_changes(
    changes: Sequence[FactChange],
) -> tuple[list[FactChange], list[FactChange]]:
    """Added and removed facts, each in their original order."""
    return [c for c in changes if c.op == "added"], [c for c in changes if c.op == "removed"]


def stats_line(stats: DiffStats, hunks: int) -> str:
    places = f"{hunks} changed place{'s' if hunks != 1 else ''}"
    return (
        f"{places}: +{stats.lines_added} −{stats.lines_removed} lines, "
        f"+{stats.chars_added} −{stats.chars_removed} characters"
    )


def announcement_lines(change: Change) -> list[tuple[str, str]]:
    """(when, text) for each change the new version announces for a later date."""
    return [(a.effective_date or "a later date", a.text) for a in change.announcements]


def hunk_words(hunk: Hunk) -> tuple[Segment, ...]:
    """The word diff of a hunk; whole lines deleted then inserted when it has none."""
    if hunk.words:
        return hunk.words
    words: list[Segment] = []
    if hunk.old_lines:
        words.append(("delete", "\n".join(hunk.old_lines)))
    if hunk.new_lines:
        if words:
            words.append(("equal", "\n"))
        words.append(("insert", "\n".join(hunk.new_lines)))
    return tuple(words)


def display_lines(words: Sequence[Segment]) -> list[list[Segment]]:
    """An inline word diff cut into display lines at every line break, old or new."""
    lines: list[list[Segment]] = [[]]
    for op, text in words:
        for k, piece in enumerate(text.split("\n")):
            if k:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    return lines


def aligned_rows(hunk: Hunk) -> list[Row]:
    """The hunk as side-by-side rows: old lines with their deletions, new lines with their insertions.

    A line break both texts share (an equal ``\\n`` in the word diff) is a point
    where old and new are in step; the lines between two such points are paired
    in order, and the side with fewer lines is padded with blanks.
    """
    rows: list[Row] = []
    old_side, new_side = bool(hunk.old_lines), bool(hunk.new_lines)
    old_done: list[list[Segment]] = []
    new_done: list[list[Segment]] = []
    old_line: list[Segment] = []
    new_line: list[Segment] = []

    def flush() -> None:
        for k in range(max(len(old_done), len(new_done))):
            rows.append(
                (
                    old_done[k] if k < len(old_done) else None,
                    new_done[k] if k < len(new_done) else None,
                )
            )
        old_done.clear()
        new_done.clear()

    for op, text in hunk_words(hunk):
        for k, piece in enumerate(text.split("\n")):
            if k:
                if op != "insert":
                    old_done.append(old_line)
                    old_line = []
                if op != "delete":
                    new_done.append(new_line)
                    new_line = []
                if op == "equal":
                    flush()
            if piece:
                if op != "insert":
                    old_line.append((op, piece))
                if op != "delete":
                    new_line.append((op, piece))
    if old_side:
        old_done.append(old_line)
    if new_side:
        new_done.append(new_line)
    flush()
    return rows


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


__all__ = [
    "CARD_STATUS_TEXT",
    "SEVERITY_TEXT",
    "FactLabels",
    "Row",
    "Segment",
    "aligned_rows",
    "announcement_lines",
    "card_fields",
    "clip",
    "display_lines",
    "evidence_quotes",
    "fact_detail",
    "fact_name",
    "grouped_fact_changes",
    "hunk_words",
    "no_fact_change_message",
    "section_title",
    "split_fact_changes",
    "stats_line",
]
