"""Time what a changed page costs besides the analyzer: read, check, JSON both ways, compare.

On the synthetic notices of ``bench/peers.py`` (page ``i`` at revision 0, then 1, read
with ``select = main`` as peers' watchlist does), each step of recording a changed
page is timed separately, pickling what a reader process sends back included; the
median over the pages and runs, in CPU milliseconds.
Then the whole recording of a read page (``Recorder.record_read`` into a fresh
SQLite database: snapshot, version, compare, change, fetch, commit), once new and
once changed, in CPU milliseconds: what a page costs besides extraction and
analysis (and the anomaly check, made while reading). Last, the rows of a new page
alone (``storage.repo``: snapshot, version, change, fetch, commit; CPU ms): the
database writes without the reading's checks and the compare. Asserts nothing. To compare
two revisions, run it in an archive of the old one with ``PYTHONPATH`` pointing
there, alternating old and new::

    .venv/bin/python bench/bench_read.py [--pages 8] [--runs 3]
    git archive REV | tar -x -C /tmp/old && (cd /tmp/old && \\
        PYTHONPATH=/tmp/old $OLDPWD/.venv/bin/python bench/bench_read.py)
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers

from monitor import codec
from monitor.analyze import analyze
from monitor.check import check_document
from monitor.diff import compare
from monitor.extract.decode import decoding_problem
from monitor.model import Block
from monitor.targets import Target

try:
    from monitor.reading import read_document
except ImportError:  # before monitor.reading existed
    from monitor.record import read_document  # type: ignore[no-redef,attr-defined]
# The facts as a version row stores them: the compact form where there is one.
facts_to_row = getattr(codec, "facts_to_row", codec.facts_to_json)
facts_from_row = getattr(codec, "facts_from_row", codec.facts_from_json)
try:
    from storage.jsontext import dumps, loads  # the JSON columns' text, as stored
except ImportError:  # before storage.jsontext existed: the engine used json
    dumps, loads = json.dumps, json.loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    target = Target(id="bench", url="http://127.0.0.1/notice", select=("main",))
    pages = range(args.pages)
    old_bodies = [peers.page(i, 0) for i in pages]
    new_bodies = [peers.page(i, 1) for i in pages]
    old = [read_document(b, "text/html", target, target.url) for b in old_bodies]
    new = [read_document(b, "text/html", target, target.url) for b in new_bodies]
    old_facts = [analyze(d) for d in old]
    new_facts = [analyze(d) for d in new]
    stored_facts = [dumps(facts_to_row(f)) for f in old_facts]
    stored_blocks = [dumps(codec.to_jsonable(d.blocks)) for d in old]
    pickled = [
        pickle.dumps((d, f), protocol=pickle.HIGHEST_PROTOCOL)
        for d, f in zip(new, new_facts, strict=True)
    ]
    check_document(new[0], previous_text=old[0].text)  # lexicons loaded before timing

    steps: dict[str, Callable[[int], object]] = {
        "read_document (extraction)": lambda i: read_document(
            new_bodies[i], "text/html", target, target.url
        ),
        "decoding_problem, previous + new text": lambda i: (
            decoding_problem(old[i].text),
            decoding_problem(new[i].text),
        ),
        "check_document against the previous text": lambda i: check_document(
            new[i], previous_text=old[i].text
        ),
        "new facts + blocks to JSON text": lambda i: (
            dumps(facts_to_row(new_facts[i])),
            dumps(codec.to_jsonable(new[i].blocks)),
        ),
        "previous facts + blocks from JSON text": lambda i: (
            facts_from_row(loads(stored_facts[i])),
            codec.from_jsonable(tuple[Block, ...], loads(stored_blocks[i])),
        ),
        "pickle the new document + facts (reader)": lambda i: pickle.dumps(
            (new[i], new_facts[i]), protocol=pickle.HIGHEST_PROTOCOL
        ),
        "unpickle them (crawl's process)": lambda i: pickle.loads(pickled[i]),
        "compare (text diff, facts, cards)": lambda i: compare(
            old[i], new[i], old_facts[i], new_facts[i]
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.runs):
        for name, step in steps.items():
            for i in pages:
                started = time.process_time()
                step(i)
                times[name].append(1000 * (time.process_time() - started))
    chars = statistics.median(len(d.text) for d in new)
    print(
        f"{args.pages} changed pages of about {chars:,.0f} characters, median of {args.runs} runs,"
        " CPU (process time: on a shared machine, wall time measures the neighbours)"
    )
    total = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        total += median
        print(f"  {name:<44} {median:8.2f} ms")
    print(f"  {'total':<44} {total:8.2f} ms")
    new_ms, changed_ms = _recording(old_bodies, new_bodies, args.runs)
    print("recording a read page (Recorder.record_read into SQLite), CPU")
    print(f"  {'new page':<44} {statistics.median(new_ms):8.2f} ms")
    print(f"  {'changed page':<44} {statistics.median(changed_ms):8.2f} ms")
    rows_ms = _rows(new_bodies, args.runs)
    print("the rows of a new page (storage.repo into SQLite, commit included), CPU")
    print(f"  {'snapshot, version, change, fetch':<44} {statistics.median(rows_ms):8.2f} ms")


def _recording(
    old_bodies: list[bytes], new_bodies: list[bytes], runs: int
) -> tuple[list[float], list[float]]:
    """CPU ms of ``record_read`` of each page new (revision 0), then changed (revision 1).

    The readings are made before timing (as a reader process would); each run
    records into a fresh database; the first run only warms up (SQLAlchemy compiles
    each statement once per engine, the imports load) and is not counted.
    """
    from datetime import UTC, datetime

    from crawler.items import FetchedNotice
    from monitor.model import text_sha256
    from monitor.reading import LatestText, read_page
    from monitor.record import Recorder

    targets = _targets(len(old_bodies))

    def notice(i: int, body: bytes) -> FetchedNotice:
        return FetchedNotice(
            target_id=f"t{i}",
            url=targets[i].url,
            final_url=targets[i].url,
            status=200,
            headers={"content-type": "text/html"},
            body=body,
            fetched_at=datetime.now(UTC),
            duration_ms=1.0,
            crawl_id="bench",
        )

    firsts = [notice(i, b) for i, b in enumerate(old_bodies)]
    seconds = [notice(i, b) for i, b in enumerate(new_bodies)]
    first_readings = [
        read_page(n.body, "text/html", t, t.url) for n, t in zip(firsts, targets, strict=True)
    ]
    second_readings = [
        read_page(
            n.body,
            "text/html",
            t,
            t.url,
            LatestText(1, text_sha256(r.document.text), r.document.text),
        )
        for n, t, r in zip(seconds, targets, first_readings, strict=True)
    ]
    new_ms: list[float] = []
    changed_ms: list[float] = []
    for run in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            database = _database(tmp, targets)
            recorder = Recorder(database, targets)
            for pages, readings, times in (
                (firsts, first_readings, new_ms),
                (seconds, second_readings, changed_ms),
            ):
                for page, reading in zip(pages, readings, strict=True):
                    started = time.process_time()
                    recorder.record_read(page, reading)
                    if run:
                        times.append(1000 * (time.process_time() - started))
            database.dispose()
    return new_ms, changed_ms


def _rows(bodies: list[bytes], runs: int) -> list[float]:
    """CPU ms of writing each page's rows as the recorder does for a new page, one transaction each.

    Reading, facts and the first-version diff are made before timing; the first run
    only warms up, as in :func:`_recording`.
    """
    from datetime import UTC, datetime

    from monitor.diff.text import diff_documents
    from monitor.model import Change, Document, Severity
    from monitor.reading import read_page
    from storage import repo

    targets = _targets(len(bodies))
    readings = [read_page(b, "text/html", t, t.url) for b, t in zip(bodies, targets, strict=True)]
    changes = [
        Change(Severity.FIRST, diff_documents(Document(blocks=()), r.document), summary="first")
        for r in readings
    ]
    times: list[float] = []
    for run in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            database = _database(tmp, targets)
            for target, body, reading, change in zip(
                targets, bodies, readings, changes, strict=True
            ):
                now = datetime.now(UTC)
                started = time.process_time()
                with database.session() as session:
                    row = repo.get_target(session, target.id)
                    snapshot = repo.put_snapshot(session, body, "text/html")
                    version = repo.add_version(
                        session,
                        row,
                        snapshot=snapshot,
                        document=reading.document,
                        facts=reading.facts,
                        fetched_at=now,
                    )
                    repo.add_change(
                        session, row, from_version=None, to_version=version, change=change
                    )
                    repo.add_fetch(
                        session,
                        row,
                        crawl_id="bench",
                        started_at=now,
                        duration_ms=1.0,
                        http_status=200,
                        final_url=target.url,
                        outcome="new_version",
                        snapshot=snapshot,
                        version=version,
                    )
                    row.last_checked_at = now
                if run:
                    times.append(1000 * (time.process_time() - started))
            database.dispose()
    return times


def _targets(count: int) -> list[Target]:
    return [
        Target(id=f"t{i}", url=f"http://127.0.0.1/n{i}", select=("main",)) for i in range(count)
    ]


def _database(directory: str, targets: list[Target]) -> Any:
    """A fresh SQLite database in ``directory`` with ``targets`` synced."""
    from storage import repo
    from storage.db import open_database

    database = open_database(f"sqlite:///{directory}/bench.db")
    with database.session() as session:
        repo.sync_targets(session, targets)
    return database


if __name__ == "__main__":
    main()
