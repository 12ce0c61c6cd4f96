"""monitor.reading: a reader process imports what reading a page needs, and nothing more."""

from __future__ import annotations

import pickle
import subprocess
import sys
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from crawler.items import ReadJob
from monitor import codec, jsontext
from monitor.analyze import analyze
from monitor.jsontext import EncodedFacts
from monitor.model import Severity
from monitor.reading import read_document
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import Database, open_database
from storage.models import ChangeRow, VersionRow
from tests.test_record import notice

BODY = (
    b"<html lang=en><body><main><h1>Privacy</h1>"
    + b"".join(
        b"<p>Section %d: we use your location data to show you personalised ads, "
        b"with your consent.</p>" % i
        for i in range(20)
    )
    + b"</main></body></html>"
)

#: Runs a pickled (function, args) in a fresh interpreter, as a spawned reader does, and
#: answers the pickled result and the heavy modules it had to import.
PROBE = """
import pickle, sys
function, args = pickle.loads(sys.stdin.buffer.read())
reading = function(*args)
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "storage", "scrapy"})
sys.stdout.buffer.write(pickle.dumps((reading, heavy)))
"""


def test_the_reading_job_runs_in_a_fresh_process_without_storage(
    sqlite_database: Database,
) -> None:
    """A spawned reader imports the module of the job's function: that module stays lean.

    SQLAlchemy and storage would cost every reader ~25 MB and part of its start-up,
    for nothing it uses. The result is the same as reading in this process.
    """
    target = Target(id="acme", url="http://127.0.0.1/privacy", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    job = Recorder(sqlite_database, [target]).read_job(notice(BODY))
    assert isinstance(job, ReadJob)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=bytes(ForkingPickler.dumps((job.function, job.args))),  # as the pool sends it
        capture_output=True,
        check=True,
        timeout=120,
    )
    reading, heavy = pickle.loads(out.stdout)
    assert heavy == []
    assert reading == job.run()
    assert reading.document.text.startswith("# Privacy\nSection 0: we use")
    assert reading.checked is not None and reading.checked.anomaly is None
    assert reading.facts is not None and reading.facts.statement_count > 0
    assert reading.facts.facts.statements  # decoded from the text it carries


CHANGED = BODY.replace(b"personalised ads, with your consent", b"fraud checks, as the law requires")


def test_encoded_facts_travel_as_their_stored_text() -> None:
    """A reader sends the facts as the version row's JSON text, not as objects; the text
    decodes to the very facts, and the values recording reads sit beside it."""
    target = Target(id="acme", url="http://127.0.0.1/privacy", language="en")
    facts = analyze(read_document(BODY, "text/html", target, target.url), language="en")
    encoded = EncodedFacts.of(facts)
    assert encoded.text == jsontext.dumps(codec.facts_to_row(facts))
    assert jsontext.dumps(encoded) == encoded.text  # the column writes it as it is
    travelled = pickle.loads(ForkingPickler.dumps(encoded))
    assert travelled == encoded and travelled._facts is None  # no objects crossed
    assert travelled.statement_count == len(facts.statements) > 0
    assert travelled.announcements == facts.announcements
    assert (travelled.language, travelled.effective_date, travelled.analyzer_version) == (
        facts.language,
        facts.effective_date,
        facts.analyzer_version,
    )
    assert travelled.facts == facts  # decoded once, when asked for


def _record_both_ways(database: Database, pickled: bool) -> list[tuple[Any, ...]]:
    """Record BODY then CHANGED through read_job/record_read, the reading pickled as a
    reader process answers it (or not); the rows written, without times and ids."""
    target = Target(id="acme", url="http://127.0.0.1/privacy", language="en")
    with database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(database, [target])
    outcomes = []
    for body in (BODY, CHANGED):
        job = recorder.read_job(notice(body))
        assert isinstance(job, ReadJob)
        reading = job.run()
        if pickled:
            reading = pickle.loads(ForkingPickler.dumps(reading))
        outcomes.append(recorder.record_read(notice(body), reading))
    rows: list[tuple[Any, ...]] = [(o.outcome, o.severity, o.summary) for o in outcomes]
    with database.session() as session:
        for version in session.scalars(select(VersionRow).order_by(VersionRow.number)):
            rows.append((version.number, version.facts, version.blocks, version.text))
        for change in session.scalars(select(ChangeRow).order_by(ChangeRow.id)):
            rows.append((change.severity, change.summary, change.facts_delta, change.diff_stats))
        texts = session.execute(text("SELECT facts FROM versions ORDER BY number")).scalars()
        rows.append(tuple(texts))  # the stored JSON text itself
    return rows


def test_a_page_read_elsewhere_is_recorded_as_one_read_here(tmp_path: Path) -> None:
    """Facts that came as text (a reader process's) give the same rows, first version and
    change alike, as facts read in this process."""
    here = _record_both_ways(open_database(f"sqlite:///{tmp_path}/here.db"), pickled=False)
    there = _record_both_ways(open_database(f"sqlite:///{tmp_path}/there.db"), pickled=True)
    assert here == there
    assert [row[0] for row in here[:2]] == ["new_version", "new_version"]
    assert here[1][1] == Severity.MATERIAL  # the second compared the facts (decoded)


def test_facts_read_elsewhere_are_stored_alike_in_either_database(
    database: Database, tmp_path: Path
) -> None:
    """A reader's facts, written as their text, are the same values in SQLite and in
    PostgreSQL (whose JSONB column keeps the values, not the text) as facts read here."""
    there = _record_both_ways(database, pickled=True)
    here = _record_both_ways(open_database(f"sqlite:///{tmp_path}/here.db"), pickled=False)
    # Every row's values; the last entry, the raw column text, is JSONB's own in PostgreSQL.
    assert there[:-1] == here[:-1]
    assert there[1][1] == Severity.MATERIAL


def test_read_job_knows_the_latest_version_from_two_columns_of_the_target(
    sqlite_database: Database,
) -> None:
    """read_job looks the target up by id and status only: a new target's page is read
    against no version, a changed one against the latest, and the same bytes not at all."""
    target = Target(id="acme", url="http://127.0.0.1/privacy", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(sqlite_database, [target])
    job = recorder.read_job(notice(BODY))
    assert isinstance(job, ReadJob) and job.args[-1] is None  # no version yet
    recorder.record_read(notice(BODY), job.run())
    assert recorder.read_job(notice(BODY)) is None  # the very bytes of v1: nothing to read
    job = recorder.read_job(notice(CHANGED))
    assert isinstance(job, ReadJob)
    latest = job.args[-1]
    assert latest is not None and latest.number == 1
    with sqlite_database.session() as session:
        version = repo.latest_version(session, repo.target_states(session, ["acme"])["acme"].id)
        assert version is not None
        assert (latest.text_sha256, latest.text) == (version.text_sha256, version.text)
