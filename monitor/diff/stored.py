"""A stored change read back whole: a first version's hunk is made again from its text.

A first version's one hunk is its whole text, added. Stored, it doubled the version's
text in the database (the lines, then the same words again): about 200 KB per new page
of 100 KB, a quarter of a first cycle's database. ``storage.repo.add_change`` stores it
empty since; every reader of a stored change's hunks comes here, where it is made from
the version's blocks by the diff that made it. Rows stored with it read as stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from monitor import codec
from monitor.diff.text import diff_documents
from monitor.model import Change, Document, Hunk, TextDiff
from storage import repo


def stored_hunks(row: Any) -> tuple[Hunk, ...]:
    """The text hunks of a stored change (a ``ChangeRow``), a first version's included."""
    hunks: tuple[Hunk, ...] = codec.from_jsonable(tuple[Hunk, ...], row.hunks or [])
    if hunks or not repo.hunk_made_on_reading(row.severity, row.from_version_id):
        return hunks
    version = row.to_version
    if version is None:
        return ()
    return diff_documents(Document(blocks=()), repo.version_document(version)).hunks


def stored_change(row: Any) -> Change:
    """``repo.change_model`` with the hunks of :func:`stored_hunks`."""
    change = repo.change_model(row)
    return replace(change, text_diff=TextDiff(stored_hunks(row), change.text_diff.stats))
