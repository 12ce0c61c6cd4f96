"""A first version's change is stored without its hunks, and every reader still gets them.

Its one hunk is the whole text, added: stored, it doubled the version's text in the
database. ``monitor.diff.stored`` makes it again from the version's blocks, so the
web view (its page and its JSON) and alert contexts read what they read when it was
stored; a row stored with its hunks reads as stored.
"""

from __future__ import annotations

from sqlalchemy import select, update

from monitor import codec
from monitor.alerts.context import load_change
from monitor.demo import notice_html
from monitor.diff.stored import stored_change, stored_hunks
from monitor.diff.text import diff_documents
from monitor.model import Document, Severity
from monitor.reading import read_document
from monitor.record import Recorder
from monitor.targets import Target
from monitor.web.views import change_page
from storage import repo
from storage.db import Database
from storage.models import ChangeRow
from tests.test_record import notice

#: The target of test_record.notice().
TARGET = Target(id="acme", url="http://127.0.0.1/privacy", language="en")


def record_first(database: Database) -> tuple[bytes, Document]:
    body = notice_html("notice_v1.html").encode("utf-8")
    with database.session() as session:
        repo.sync_targets(session, [TARGET])
    outcome = Recorder(database, [TARGET]).process(notice(body))
    assert outcome.outcome == "new_version" and outcome.severity is Severity.FIRST
    return body, read_document(body, "text/html; charset=utf-8", TARGET, TARGET.url)


def readers(database: Database) -> dict[str, object]:
    """What each reader of a stored change gets as its hunks (JSON-able, to compare)."""
    with database.session() as session:
        row = session.scalars(select(ChangeRow)).one()
        page = change_page(session, TARGET.id, 1, inline=False)
        return {
            "stored_change": codec.to_jsonable(stored_change(row).text_diff.hunks),
            "alert context": codec.to_jsonable(load_change(session, row.id).text_diff.hunks),
            "web JSON": page.document["hunks"],
            "web page": len(page.context["view"].hunks),
        }


def test_a_first_version_is_stored_without_hunks_and_read_with_them(database: Database) -> None:
    _, document = record_first(database)
    expected = diff_documents(Document(blocks=()), document)
    assert len(expected.hunks) == 1 and expected.hunks[0].new_lines == tuple(document.lines)
    with database.session() as session:
        in_row, stats = session.execute(select(ChangeRow.hunks, ChangeRow.diff_stats)).one()
    assert in_row == []
    assert stats == codec.to_jsonable(expected.stats) and stats["lines_added"] == len(
        document.lines
    )

    wanted = codec.to_jsonable(expected.hunks)
    assert readers(database) == {
        "stored_change": wanted,
        "alert context": wanted,
        "web JSON": wanted,
        "web page": 1,
    }


def test_a_first_version_stored_with_its_hunks_reads_as_stored(database: Database) -> None:
    _, document = record_first(database)
    as_stored = codec.to_jsonable(diff_documents(Document(blocks=()), document).hunks)
    # Rows written before: the hunk stored (here with a mark, to see it is not made again).
    as_stored[0]["section_path"] = ["stored"]
    with database.session() as session:
        session.execute(update(ChangeRow).values(hunks=as_stored))
    got = readers(database)
    assert got["stored_change"] == got["alert context"] == got["web JSON"] == as_stored


def test_a_later_change_keeps_its_hunks(database: Database) -> None:
    record_first(database)
    v2 = notice_html("notice_v2.html").encode("utf-8")
    outcome = Recorder(database, [TARGET]).process(notice(v2))
    assert outcome.outcome == "new_version" and outcome.severity is not Severity.FIRST
    with database.session() as session:
        later = session.scalars(select(ChangeRow).where(ChangeRow.from_version_id.is_not(None)))
        row = later.one()
        assert row.hunks and stored_hunks(row) == repo.change_model(row).text_diff.hunks
        assert codec.to_jsonable(stored_hunks(row)) == row.hunks
        assert stored_change(row) == repo.change_model(row)
