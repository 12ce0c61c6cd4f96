"""Link-only changes: the words a reader reads are the same, only where a link leads changed.

The extractor writes links as ``[text](target)``; two versions whose texts are
equal once targets are dropped differ by their links alone, and the summary says
which: ``links only: old → new`` (a new contact address, another opt-out page).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

#: A link as the extractor writes it; targets never hold spaces, brackets or parentheses.
LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(([^()\s\[\]]*)\)")

#: Link edits named in one summary; the rest are counted.
SHOWN = 3


def without_targets(text: str) -> str:
    """The text a reader reads: each link reduced to its words."""
    return LINK.sub(r"\1", text)


def targets(text: str) -> list[str]:
    return [m.group(2) for m in LINK.finditer(text)]


def link_edits(old_text: str, new_text: str) -> list[str] | None:
    """What changed among the link targets (``a → b``, ``+ c``, ``− d``); None when the words changed too.

    Takes the two versions' ``Document.text``, which the caller has already joined.
    """
    if old_text == new_text or without_targets(old_text) != without_targets(new_text):
        return None
    before, after = targets(old_text), targets(new_text)
    edits: list[str] = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = before[a1:a2], after[b1:b2]
        if op == "equal":
            continue
        pairs = min(len(removed), len(added))
        edits.extend(f"{r} → {a}" for r, a in zip(removed[:pairs], added[:pairs], strict=True))
        edits.extend(f"+ {a}" for a in added[pairs:])
        edits.extend(f"− {r}" for r in removed[pairs:])
    return edits


def links_summary(edits: list[str]) -> str:
    """``links only: a → b; + c (and 4 more)``."""
    shown = "; ".join(edits[:SHOWN])
    more = f" (and {len(edits) - SHOWN} more)" if len(edits) > SHOWN else ""
    return f"links only: {shown}{more}" if edits else "links only"
