"""Compare two versions of a notice: the text hunks, the facts delta, and how much it matters.

``compare`` is the one entry point the recording step uses; the text diff lives in
``text`` and the facts delta in ``facts`` so each can be tested and benchmarked alone.
"""

from __future__ import annotations

from monitor.diff.facts import classify, facts_delta, new_announcements
from monitor.diff.text import diff_documents
from monitor.model import Change, Document, FactChange, Facts, Severity, TextDiff


def compare(old: Document, new: Document, old_facts: Facts, new_facts: Facts) -> Change:
    """The change from ``old`` to ``new``; severity NONE when the normalized texts are equal."""
    text_diff = diff_documents(old, new)
    delta = facts_delta(old_facts, new_facts, language=new_facts.language)
    severity = classify(delta, text_changed=old.text != new.text)
    return Change(
        severity=severity,
        text_diff=text_diff,
        fact_changes=delta,
        announcements=new_announcements(old_facts, new_facts),
        summary=summarize(severity, delta, text_diff, new_facts.language),
    )


def summarize(
    severity: Severity, delta: tuple[FactChange, ...], text_diff: TextDiff, language: str = "en"
) -> str:
    """One short line for lists and subjects: the facts that came and went, then the text."""
    from monitor.analyze.taxonomy import label

    if delta:
        parts = []
        for op, sign in (("added", "+"), ("removed", "−")):
            ids = [
                fc.fact
                for fc in delta
                if fc.op == op and ">" not in fc.fact and fc.fact != "announcement"
            ]
            if ids:
                parts.append(f"{sign} " + ", ".join(label(i, language) for i in ids))
        links = sum(">" in fc.fact for fc in delta)
        if links:
            parts.append(f"{links} link(s) between purposes, bases and data changed")
        announced = [fc for fc in delta if fc.fact == "announcement"]
        if announced:
            parts.append(f"{len(announced)} announced change(s)")
        return "; ".join(parts)
    if severity is Severity.EDITORIAL:
        sections = {" › ".join(h.section_path) or "(top)" for h in text_diff.hunks}
        return f"wording only: {len(text_diff.hunks)} place(s) in {len(sections)} section(s)"
    return severity.value


__all__ = ["compare", "diff_documents", "facts_delta", "summarize"]
