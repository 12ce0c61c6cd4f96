"""Crashes and concurrency with real processes: SIGKILL, and several dispatchers on one database.

Each scenario runs noticewatch code in ``python -c`` subprocesses against a real
database (SQLite file, and PostgreSQL where marked) and a real HTTP receiver in
this process, then counts what the receiver got.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alert_fixtures import make_target, record_change
from webhook_sink import WebhookSink

from monitor.alerts.config import parse_alerting
from storage import outbox
from storage.models import AlertRow

TESTS_DIR = str(Path(__file__).resolve().parent)
ROOT = str(Path(TESTS_DIR).parent)
SECRET = "whsec-processes-0b1c"
LEASE = 60

WORKER = textwrap.dedent(
    """
    import json, os, sys, time, tomllib
    from datetime import datetime
    sys.path.insert(0, os.environ["NW_TESTS_DIR"])
    mode, url, config_path = sys.argv[1:4]
    from monitor.alerts.config import parse_alerting
    from storage.db import open_database
    with open(config_path, "rb") as f:
        cfg = parse_alerting(tomllib.load(f), file=config_path)
    db = open_database(url)
    if mode == "record":
        from alert_fixtures import make_target, record_change
        recorded = record_change(db, cfg, make_target())
        print(json.dumps(recorded.alert_ids), flush=True)
        time.sleep(600)  # killed here: the change is committed, nothing dispatched
    else:
        from monitor.alerts.dispatcher import Dispatcher
        dispatcher = Dispatcher(db, cfg, batch_size=int(os.environ.get("NW_BATCH", "10")))
        if os.environ.get("NW_GO"):
            print("ready", flush=True)  # imported and connected: wait for the starting signal
            sys.stdin.readline()
        now = os.environ.get("NW_NOW")
        report = dispatcher.dispatch_once(datetime.fromisoformat(now) if now else None)
        print(json.dumps({**report.as_dict(), "claimed": report.claimed}), flush=True)
    """
)


def config_text(url: str) -> str:
    return f"""
[channels.hook]
type = "webhook"
url = "{url}"
secret_env = "NW_TEST_HOOK_SECRET"
timeout = 5

[[routes]]
channels = ["hook"]

[delivery]
lease_seconds = {LEASE}
"""


def start(mode: str, url: str, config: Path, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": ROOT,
        "NW_TESTS_DIR": TESTS_DIR,
        "NW_TEST_HOOK_SECRET": SECRET,
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, mode, url, str(config)],
        stdin=subprocess.PIPE if env.get("NW_GO") else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )


def finish(process: subprocess.Popen[str], timeout: float = 60) -> dict:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def plain_url(database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def setup(tmp_path: Path, sink: WebhookSink):
    path = tmp_path / "alerts.toml"
    path.write_text(config_text(sink.url))
    import tomllib

    return path, parse_alerting(tomllib.loads(path.read_text()), file=str(path))


def test_killed_after_recording_delivers_once_after_restart(sqlite_database, tmp_path) -> None:
    with WebhookSink() as sink:
        config, _cfg = setup(tmp_path, sink)
        url = plain_url(sqlite_database)
        recorder = start("record", url, config)
        alert_ids = json.loads(recorder.stdout.readline())
        os.kill(recorder.pid, signal.SIGKILL)  # crash before any dispatch
        recorder.wait(timeout=10)
        assert recorder.returncode == -signal.SIGKILL
        with sqlite_database.session() as session:
            assert session.get(AlertRow, alert_ids[0]).status == "pending"
        assert sink.requests == []

        assert finish(start("dispatch", url, config))["sent"] == 1  # the restarted process
        assert finish(start("dispatch", url, config))["claimed"] == 0
    assert len(sink.requests) == 1
    with sqlite_database.session() as session:
        assert session.get(AlertRow, alert_ids[0]).status == "sent"


def test_killed_while_sending_resends_the_identical_alert(sqlite_database, tmp_path) -> None:
    """The one window left (sent, not yet marked) yields a byte-identical copy with the same key."""
    import threading

    hold = threading.Event()
    with WebhookSink(hold=hold) as sink:
        config, cfg = setup(tmp_path, sink)
        url = plain_url(sqlite_database)
        recorded = record_change(sqlite_database, cfg, make_target())
        dispatcher = start("dispatch", url, config)
        assert len(sink.wait_for(1)) == 1  # received, not answered yet
        os.kill(dispatcher.pid, signal.SIGKILL)
        dispatcher.wait(timeout=10)
        hold.set()
        with sqlite_database.session() as session:
            row = session.get(AlertRow, recorded.alert_ids[0])
            assert row.status == "sending" and row.claimed_until is not None
        # While the dead dispatcher's lease runs, nobody else sends it ...
        assert finish(start("dispatch", url, config))["claimed"] == 0
        # ... after it, the next dispatcher does.
        later = (row.claimed_until + timedelta(seconds=1)).isoformat()
        assert finish(start("dispatch", url, config, NW_NOW=later))["sent"] == 1
    first, second = sink.requests
    assert first.body == second.body
    assert first.header("X-Noticewatch-Idempotency-Key") == second.header(
        "X-Noticewatch-Idempotency-Key"
    )
    with sqlite_database.session() as session:
        row = session.get(AlertRow, recorded.alert_ids[0])
        assert (row.status, row.attempts) == ("sent", 2)


@pytest.mark.parametrize("processes", [3])
def test_concurrent_dispatchers_never_send_twice(database, tmp_path, processes: int) -> None:
    count = 120
    # A receiver taking 5 ms per request keeps the dispatchers' passes overlapping.
    with WebhookSink(delay=0.005) as sink:
        config, cfg = setup(tmp_path, sink)
        t = datetime.now(UTC)
        for i in range(count):
            record_change(database, cfg, make_target(f"t{i % 12}"), now=t)
        workers = [
            start("dispatch", plain_url(database), config, NW_GO="1", NW_BATCH="4")
            for _ in range(processes)
        ]
        # Each says when it has imported and connected; then all start at once.
        assert [w.stdout.readline().strip() for w in workers] == ["ready"] * processes
        for w in workers:
            w.stdin.write("go\n")
            w.stdin.flush()
        reports = [finish(w, timeout=120) for w in workers]
    keys = [r.header("X-Noticewatch-Idempotency-Key") for r in sink.requests]
    assert len(keys) == count and len(set(keys)) == count, "an alert was sent twice"
    assert sum(r["claimed"] for r in reports) == count
    assert sum(r["sent"] for r in reports) == count
    assert sum(1 for r in reports if r["sent"]) >= 2, reports  # they really ran side by side
    with database.session() as session:
        assert outbox.status_counts(session) == {"sent": count}
    print(f"{database.dialect}: sent per dispatcher {[r['sent'] for r in reports]}")
