"""Compare two versions of a notice: the text hunks, the facts delta, and how much it matters.

``compare`` is the one entry point the recording step uses; the text diff lives in
``text`` and the facts delta in ``facts`` so each can be tested and benchmarked alone.
"""

from __future__ import annotations

from monitor.diff.facts import classify, facts_delta
from monitor.diff.text import diff_documents
from monitor.model import Change, Document, FactChange, Facts, Severity, TextDiff


def compare(old: Document, new: Document, old_facts: Facts, new_facts: Facts) -> Change:
    """The change from ``old`` to ``new``; severity NONE when the normalized texts are equal."""
    text_diff = diff_documents(old, new)
    delta = facts_delta(old_facts, new_facts, language=new_facts.language)
    severity = classify(delta, text_changed=old.text != new.text)
    new_announcements = tuple(
        a for a in new_facts.announcements if a not in old_facts.announcements
    )
    return Change(
        severity=severity,
        text_diff=text_diff,
        fact_changes=delta,
        announcements=new_announcements,
        summary=summarize(severity, delta, text_diff),
    )


def summarize(severity: Severity, delta: tuple[FactChange, ...], text_diff: TextDiff) -> str:
    """One line for lists and subjects: the facts first, the text second."""
    if delta:
        head = "; ".join(fc.description for fc in delta[:3])
        more = f" (+{len(delta) - 3} more)" if len(delta) > 3 else ""
        return head + more
    if severity is Severity.EDITORIAL:
        sections = {" › ".join(h.section_path) or "(top)" for h in text_diff.hunks}
        return f"editorial: {len(text_diff.hunks)} hunk(s) in {len(sections)} section(s)"
    return severity.value


__all__ = ["compare", "diff_documents", "facts_delta", "summarize"]
