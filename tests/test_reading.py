"""monitor.reading: a reader process imports what reading a page needs, and nothing more."""

from __future__ import annotations

import pickle
import subprocess
import sys
from multiprocessing.reduction import ForkingPickler

from crawler.items import ReadJob
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import Database
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
    assert reading.facts is not None and reading.facts.statements
