"""Compare two versions of a notice: the text hunks, the facts delta, the cards, and how much it matters.

``compare`` is the one entry point the recording step uses; the text diff lives in
``text``, the facts delta in ``facts`` and the cards a reader sees in ``cards``, so
each can be tested and benchmarked alone.
"""

from __future__ import annotations

from monitor.diff.cards import build_cards, summary_line
from monitor.diff.facts import classify, facts_delta, new_announcements
from monitor.diff.links import link_edits, links_summary
from monitor.diff.text import diff_documents
from monitor.model import Card, Change, Document, Facts, Severity, TextDiff


def compare(old: Document, new: Document, old_facts: Facts, new_facts: Facts) -> Change:
    """The change from ``old`` to ``new``; severity NONE when the normalized texts are equal."""
    text_diff = diff_documents(old, new)
    language = new_facts.language
    # Document.text joins every block anew on each use: once each here, ~2 ms of a long notice.
    old_text, new_text = old.text, new.text
    delta = facts_delta(
        old_facts, new_facts, language=language, old_text=old_text, new_text=new_text
    )
    severity = classify(delta, old_text != new_text, old=old_facts, new=new_facts)
    cards = build_cards(old_facts, new_facts, delta, language)
    return Change(
        severity=severity,
        text_diff=text_diff,
        fact_changes=delta,
        announcements=new_announcements(old_facts, new_facts),
        summary=summarize(severity, cards, text_diff, link_edits(old_text, new_text)),
        cards=cards,
    )


def summarize(
    severity: Severity,
    cards: tuple[Card, ...],
    text_diff: TextDiff,
    links: list[str] | None = None,
) -> str:
    """One short line for lists and subjects: the most important card, and how many more.

    The cards already say what a reader needs first (see ``monitor.diff.cards``);
    a change without cards is editorial: where the wording moved, or, when only
    link targets changed (``links``, see ``monitor.diff.links``), which links.
    """
    if cards:
        return summary_line(cards)
    if severity is Severity.EDITORIAL and links is not None:
        return links_summary(links)
    if severity is Severity.EDITORIAL:
        sections = {" › ".join(h.section_path) or "(top)" for h in text_diff.hunks}
        return f"wording only: {len(text_diff.hunks)} place(s) in {len(sections)} section(s)"
    return severity.value


__all__ = ["build_cards", "compare", "diff_documents", "facts_delta", "summarize"]
