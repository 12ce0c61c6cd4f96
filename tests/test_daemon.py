"""``noticewatch daemon`` as a real subprocess, against a real local web server and real databases.

Schedules are in seconds ("2s") so a whole scenario runs in a few seconds of
wall time. What the daemons did is read where a user would look: the requests
the web server received (the one thing that must never happen twice at once is a
fetch), the database (fetch log, leases, next checks), the JSON log lines, and
the /readyz and /metrics endpoints.

Crawl politeness is relaxed with ``-s`` (AutoThrottle off, no download delay),
otherwise every crawl of several pages on one test host would take seconds.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pg import free_port
from sqlalchemy import select

from storage.db import open_database
from storage.models import FetchRow, TargetRow
from tests.httpserver import NoticeServer
from tests.webhook_sink import WebhookSink

ROOT = Path(__file__).resolve().parent.parent
FAST = [
    "-s", "AUTOTHROTTLE_ENABLED=false",
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "RETRY_ENABLED=false",
]  # fmt: skip

PAGE = """<!doctype html><html lang="en"><head><title>{name} privacy</title></head><body>
<main><h1>{name} Privacy Notice</h1>
<h2>Data we collect</h2>
<p>We collect your name, email address and the content you post, and technical data such as
your IP address and device identifiers, to provide the {name} service to you.</p>
<h2>Why we use it</h2>
<p>We rely on our legitimate interests to keep the service secure and to prevent fraud, and on
your consent to send you newsletters. You may object or withdraw consent at any time.</p>
</main></body></html>"""


# --------------------------------------------------------------------------- helpers


class Daemon:
    """One ``noticewatch daemon`` process, logging JSON lines to a file."""

    def __init__(
        self, workdir: Path, env: dict[str, str], *args: str, name: str = "daemon"
    ) -> None:
        self.port = free_port()
        self.log_path = workdir / f"{name}-{time.monotonic_ns()}.log"
        self._log = self.log_path.open("wb")
        command = [
            sys.executable, "-m", "monitor.cli", "daemon",
            "--log-format", "json",
            "--health-addr", f"127.0.0.1:{self.port}",
            "--batch-window", "0.3",
            *FAST,
            *args,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=self._log
        )
        self.started = time.monotonic()

    # -- what it says

    def events(self, event: str | None = None) -> list[dict[str, Any]]:
        found = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            if event is None or doc.get("event") == event:
                found.append(doc)
        return found

    @property
    def worker(self) -> str:
        wait_until(lambda: self.events("started"), 30, self.describe)
        return self.events("started")[0]["worker"]

    def describe(self) -> str:
        return f"daemon log:\n{self.log_path.read_text(errors='replace')[-4000:]}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def wait_ready(self, timeout: float = 30) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"daemon exited with {self.process.returncode}\n{self.describe()}"
                )
            try:
                return self.get("/readyz")[0] == 200
            except OSError:
                return False

        wait_until(ready, timeout, self.describe)

    # -- how it ends

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> tuple[int, float]:
        """Send ``sig``; returns (exit status, seconds until exit)."""
        sent = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout)
        self._log.close()
        return code, time.monotonic() - sent

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)
        self._log.close()

    def cleanup(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._log.close()


def wait_until(check: Callable[[], Any], timeout: float, why: Callable[[], str] = str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s\n{why()}")
        time.sleep(0.05)


def watchlist(workdir: Path, server: NoticeServer, targets: dict[str, str], **extra: dict) -> Path:
    """``targets``: id -> schedule; each target's page is /<id> (on 127.0.0.1: allowed)."""
    lines = ["[settings]", "allow_private_networks = true", ""]
    for slug, schedule in targets.items():
        lines += ["[[targets]]", f'id = "{slug}"', f'url = "{server.url("/" + slug)}"']
        lines.append(f'schedule = "{schedule}"')
        for key, value in extra.get(slug, {}).items():
            lines.append(f"{key} = {json.dumps(value)}")
        lines.append("")
    path = workdir / "watchlist.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def serve(server: NoticeServer, *slugs: str, delay: float = 0.0) -> None:
    for slug in slugs:
        server.set("/" + slug, PAGE.format(name=slug.upper()), delay=delay)


def arrivals(server: NoticeServer, slug: str) -> list[float]:
    return [r.at for r in server.requests_for("/" + slug)]


def assert_never_concurrent(server: NoticeServer, slug: str, delay: float) -> None:
    """A page answering after ``delay`` s was never requested again before it had answered."""
    times = arrivals(server, slug)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(g >= delay for g in gaps), f"{slug}: overlapping fetches, gaps {gaps}"


def rows(url: str, model: Any) -> list[Any]:
    database = open_database(url, upgrade=False)
    try:
        with database.session() as session:
            return list(session.scalars(select(model)))
    finally:
        database.dispose()


def targets_by_slug(url: str) -> dict[str, TargetRow]:
    return {row.slug: row for row in rows(url, TargetRow)}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        srv.robots("User-agent: *\nAllow: /\n")
        yield srv


@pytest.fixture()
def env() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NOTICEWATCH_")}
    environment["PYTHONPATH"] = str(ROOT)
    environment["NOTICEWATCH_MIN_INTERVAL"] = "1"  # "2s" schedules (see monitor.schedule)
    return environment


@pytest.fixture()
def daemons() -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for d in started:
        d.cleanup()


def cli(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --------------------------------------------------------------------------- one daemon


def test_schedules_metrics_shutdown_restart_and_reload(
    db_url: str, tmp_path: Path, server: NoticeServer, env: dict[str, str], daemons: list[Daemon]
) -> None:
    """The life of one daemon, on SQLite and on PostgreSQL.

    Three targets every 2 s and two hourly ones: the fast ones are checked on time,
    /readyz and /metrics answer, SIGTERM ends it cleanly; a restart does not
    recrawl the hourly ones; SIGHUP adds and removes targets without a restart.
    """
    env["NOTICEWATCH_DATABASE_URL"] = db_url
    fast, hourly = ["a", "b", "c"], ["d", "e"]
    serve(server, *fast, *hourly, "f")
    watchlist(tmp_path, server, {**dict.fromkeys(fast, "2s"), **dict.fromkeys(hourly, "1h")})

    if db_url.startswith("postgresql"):
        # A fleet's schema is upgraded on purpose: the daemon refuses a database that is not current.
        refused = cli("daemon", "--health-addr", "off", cwd=tmp_path, env=env)
        assert refused.returncode == 3, refused.stderr
        assert "noticewatch db upgrade" in refused.stderr
        upgraded = cli("db", "upgrade", cwd=tmp_path, env=env)
        assert upgraded.returncode == 0, upgraded.stderr

    first = Daemon(tmp_path, env, "--spread", "1")
    daemons.append(first)
    first.wait_ready()
    wait_until(lambda: all(server.count("/" + s) >= 4 for s in fast), 20, first.describe)

    # On time: each check starts soon after its planned time (the batch window, the crawl's start),
    # and checks come every 2 s (plus up to 0.2 s of jitter). The first check is left out: a
    # process's first crawl is slower (imports, robots.txt).
    for slug in fast:
        times = arrivals(server, slug)[1:]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert gaps and all(1.0 <= g <= 3.0 for g in gaps), (slug, gaps)
        lags = [e["lag_s"] for e in first.events("checked") if e["target"] == slug][1:]
        assert lags and all(0 <= lag < 1.5 for lag in lags), (slug, lags)
    assert [server.count("/" + s) for s in hourly] == [1, 1]

    status, body = first.get("/readyz")
    assert status == 200 and json.loads(body)["database"] == "ok"
    assert first.get("/healthz") == (200, "ok\n")
    status, metrics = first.get("/metrics")
    assert status == 200
    assert 'noticewatch_fetches_total{outcome="new_version"} 5.0' in metrics
    assert 'noticewatch_versions_total{severity="first"} 5.0' in metrics
    assert 'noticewatch_fetches_total{outcome="unchanged"}' in metrics
    assert 'noticewatch_last_success_timestamp_seconds{target="a"}' in metrics
    assert "noticewatch_crawl_duration_seconds_bucket" in metrics
    assert 'noticewatch_alerts{status="pending"} 0.0' in metrics
    assert "noticewatch_targets_failing 0.0" in metrics
    assert "noticewatch_scheduled_targets 5.0" in metrics
    checked = first.events("checked")
    assert checked and all(e["crawl_id"] for e in checked)

    code, took = first.stop(signal.SIGTERM)
    assert code == 0, first.describe()
    assert took < 10
    assert first.events("stopped")
    state = targets_by_slug(db_url)
    assert all(row.claimed_by is None for row in state.values())
    hourly_next = {s: state[s].next_check_at for s in hourly}
    assert all(when > datetime.now(UTC) for when in hourly_next.values())

    # Restart: the hourly targets were checked a moment ago and are not due: not fetched again.
    before = {s: server.count("/" + s) for s in (*fast, *hourly)}
    second = Daemon(tmp_path, env, "--spread", "1")
    daemons.append(second)
    second.wait_ready()
    wait_until(
        lambda: all(server.count("/" + s) >= before[s] + 2 for s in fast), 20, second.describe
    )
    assert [server.count("/" + s) for s in hourly] == [1, 1]
    assert {s: targets_by_slug(db_url)[s].next_check_at for s in hourly} == hourly_next

    # SIGHUP: "f" appears, "c" leaves; no restart.
    watchlist(tmp_path, server, {"a": "2s", "b": "2s", "d": "1h", "e": "1h", "f": "1h"})
    second.process.send_signal(signal.SIGHUP)
    wait_until(lambda: second.events("reloaded"), 10, second.describe)
    wait_until(lambda: server.count("/f") == 1, 10, second.describe)
    c_after_reload = server.count("/c")
    wait_until(lambda: server.count("/a") >= before["a"] + 5, 20, second.describe)
    assert server.count("/c") <= c_after_reload + 1  # at most a check already in flight
    assert "noticewatch_scheduled_targets 5.0" in second.get("/metrics")[1]
    assert targets_by_slug(db_url)["c"].enabled is False

    code, _ = second.stop(signal.SIGINT)
    assert code == 0, second.describe()
    for slug in (*fast, *hourly, "f"):
        assert_never_concurrent(server, slug, 0.5)


def test_sigterm_lets_a_slow_crawl_finish_and_abandons_a_hung_one_within_the_grace(
    tmp_path: Path, server: NoticeServer, env: dict[str, str], daemons: list[Daemon]
) -> None:
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    env["NOTICEWATCH_DATABASE_URL"] = url
    serve(server, "slow", delay=1.5)
    serve(server, "hung", delay=60)
    watchlist(tmp_path, server, {"slow": "1h", "hung": "1h"}, hung={"timeout": 50})
    daemon = Daemon(tmp_path, env, "--spread", "0.2", "--grace", "4")
    daemons.append(daemon)
    daemon.wait_ready()
    wait_until(lambda: server.count("/slow") and server.count("/hung"), 15, daemon.describe)

    code, took = daemon.stop(signal.SIGTERM)
    assert code == 0, daemon.describe()
    assert took < 4 + 1.5, took  # the grace, plus the interpreter's exit
    fetched = {row.target_id for row in rows(url, FetchRow)}
    state = targets_by_slug(url)
    assert fetched == {state["slow"].id}  # the slow page finished and was recorded
    assert all(row.claimed_by is None for row in state.values())
    # The hung page was not checked: it stays due for the next daemon (no next check planned).
    assert state["hung"].next_check_at is None and state["hung"].last_checked_at is None
    assert state["slow"].next_check_at is not None
    assert daemon.events("skipped") or any(
        e.get("outcome") == "abandoned" for e in daemon.events("crawl_finished")
    )


def test_crawl_timeout_bounds_a_hanging_crawl_and_the_daemon_goes_on(
    tmp_path: Path, server: NoticeServer, env: dict[str, str], daemons: list[Daemon]
) -> None:
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nw.db'}"
    serve(server, "hung", delay=60)
    serve(server, "fine")
    watchlist(tmp_path, server, {"hung": "1h", "fine": "2s"}, hung={"timeout": 50})
    daemon = Daemon(tmp_path, env, "--spread", "0.2", "--crawl-timeout", "1.5")
    daemons.append(daemon)
    daemon.wait_ready()
    stopping = wait_until(lambda: daemon.events("crawl_stopping"), 15, daemon.describe)
    assert stopping[0]["reason"] == "timeout"
    finished = wait_until(
        lambda: [
            e for e in daemon.events("crawl_finished") if e["crawl_id"] == stopping[0]["crawl_id"]
        ],
        10,
        daemon.describe,
    )
    assert finished[0]["outcome"] == "abandoned"
    hung = [e for e in daemon.events("checked") if e["target"] == "hung"]
    assert [e["outcome"] for e in hung] == ["failed"]  # a check that failed, recorded as such
    assert "crawl timeout" in hung[0]["message"]
    count = server.count("/fine")
    wait_until(lambda: server.count("/fine") >= count + 2, 10, daemon.describe)  # not wedged
    code, _ = daemon.stop()
    assert code == 0


def test_hand_recrawl_waits_for_the_daemon_and_reports_its_check(
    tmp_path: Path, server: NoticeServer, env: dict[str, str], daemons: list[Daemon]
) -> None:
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nw.db'}"
    serve(server, "slow", delay=6.0)
    watchlist(tmp_path, server, {"slow": "1h"})
    daemon = Daemon(tmp_path, env, "--spread", "0.2")
    daemons.append(daemon)
    daemon.wait_ready()
    wait_until(lambda: server.count("/slow") == 1, 15, daemon.describe)  # the daemon is fetching

    started = time.monotonic()
    result = cli("recrawl", "slow", "--wait", "30", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "slow  new version v1 (first)" in result.stdout  # the daemon's check, reported
    assert time.monotonic() - started < 20
    assert server.count("/slow") == 1  # never fetched twice
    daemon.stop()


def test_hand_recrawl_skips_a_target_still_busy_after_its_wait(
    pg_cluster: Any,
    tmp_path: Path,
    server: NoticeServer,
    env: dict[str, str],
    daemons: list[Daemon],
) -> None:
    serve(server, "slow", delay=6.0)
    serve(server, "idle")
    watchlist(tmp_path, server, {"slow": "1h", "idle": "1h"})
    with pg_cluster.database(migrated=True) as url:
        env["NOTICEWATCH_DATABASE_URL"] = url
        daemon = Daemon(tmp_path, env, "--spread", "0.2")
        daemons.append(daemon)
        daemon.wait_ready()
        wait_until(
            lambda: server.count("/slow") == 1 and server.count("/idle") == 1, 15, daemon.describe
        )
        # "idle" recorded, "slow" still out.
        wait_until(lambda: rows(url, FetchRow), 10, daemon.describe)

        result = cli("recrawl", "slow", "idle", "--wait", "0.5", cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        lines = dict(
            line.split(None, 1)
            for line in result.stdout.splitlines()
            if line.startswith(("slow", "idle"))
        )
        assert lines["slow"].startswith(f"busy: being checked by {daemon.worker}")
        assert lines["idle"].startswith("unchanged (v1)")  # free: fetched by the recrawl itself
        assert server.count("/idle") == 2
        wait_until(lambda: len(rows(url, FetchRow)) == 3, 15, daemon.describe)
        assert server.count("/slow") == 1
        daemon.stop()


def test_alerts_are_delivered_by_the_daemon_and_config_edits_are_picked_up(
    tmp_path: Path, server: NoticeServer, env: dict[str, str], daemons: list[Daemon]
) -> None:
    """A change found by a scheduled check reaches the webhook from the daemon's dispatcher;
    with --watch-config a target added to the file is checked without a signal."""
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nw.db'}"
    env["NW_TEST_HOOK_SECRET"] = "whsec-daemon-test"
    serve(server, "acme", "later")
    with WebhookSink() as sink:
        alerting = f"""
[channels.hook]
type = "webhook"
url = "{sink.url}"
secret_env = "NW_TEST_HOOK_SECRET"
timeout = 5

[[routes]]
channels = ["hook"]
min_severity = "editorial"
"""
        path = watchlist(tmp_path, server, {"acme": "2s"})
        path.write_text(path.read_text() + alerting)
        daemon = Daemon(tmp_path, env, "--spread", "0.2", "--watch-config")
        daemons.append(daemon)
        daemon.wait_ready()
        wait_until(
            lambda: server.count("/acme") >= 1 and daemon.events("checked"), 15, daemon.describe
        )

        # The notice now says something new: the next scheduled check records a change and alerts.
        server.set(
            "/acme",
            PAGE.format(name="ACME").replace(
                "</main>",
                "<p>We use your posts and profile data to train generative AI models.</p></main>",
            ),
        )
        posted = sink.wait_for(1, timeout=20)
        assert posted, daemon.describe()
        payload = json.loads(posted[0].body)
        assert "acme" in json.dumps(payload)
        sent = wait_until(
            lambda: [e for e in daemon.events() if e.get("alert_id") is not None],
            10,
            daemon.describe,
        )
        assert "sent" in sent[-1]["message"]

        # Counted when the dispatcher's pass ends, just after it logged the send.
        def delivered() -> str | None:
            text = daemon.get("/metrics")[1]
            return text if 'noticewatch_alert_deliveries_total{result="sent"} 1.0' in text else None

        metrics = wait_until(delivered, 10, daemon.describe)
        assert "noticewatch_changes_total{severity=" in metrics

        # --watch-config: edit the file; no signal. (The size changes: a new stamp even on coarse clocks.)
        path.write_text(
            path.read_text().replace(
                "[channels.hook]",
                f"""[[targets]]
id = "later"
url = "{server.url("/later")}"
schedule = "1h"

[channels.hook]""",
            )
        )
        wait_until(lambda: server.count("/later") == 1, 15, daemon.describe)
        assert daemon.events("reloaded")[0]["reason"] == "file changed"
        code, _ = daemon.stop()
        assert code == 0, daemon.describe()


# --------------------------------------------------------------------------- a fleet


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_two_daemons_split_the_work_and_take_over_after_sigkill(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    server: NoticeServer,
    env: dict[str, str],
    daemons: list[Daemon],
) -> None:
    """Two daemons on one database (PostgreSQL: a fleet; SQLite: two on one host)."""
    if backend == "postgres":
        database = request.getfixturevalue("pg_cluster").database(migrated=True)
    else:
        database = contextlib.nullcontext(f"sqlite:///{tmp_path / 'nw.db'}")
    slugs = [f"t{i}" for i in range(8)]
    # Crawls take ~0.9 s, shorter than a lease renewal period (4/3 s): a lease claimed within
    # the last 0.3 s belongs to a crawl that is still running (see the kill below).
    delay = 0.8
    serve(server, *slugs, delay=delay)
    watchlist(tmp_path, server, dict.fromkeys(slugs, "2s"))
    lease = 4.0
    with database as url:
        env["NOTICEWATCH_DATABASE_URL"] = url
        one = Daemon(tmp_path, env, "--spread", "1", "--lease", str(lease), name="one")
        two = Daemon(tmp_path, env, "--spread", "1", "--lease", str(lease), name="two")
        daemons += [one, two]
        one.wait_ready()
        two.wait_ready()
        wait_until(
            lambda: (
                one.events("checked")
                and two.events("checked")
                and all(server.count("/" + s) >= 2 for s in slugs)
            ),
            30,
            lambda: one.describe() + two.describe(),
        )

        # Split: both worked; no check done twice: a page is never fetched twice within a second.
        by_one = {e["target"] for e in one.events("checked")}
        by_two = {e["target"] for e in two.events("checked")}
        assert by_one and by_two, (by_one, by_two)
        checks = len(one.events("checked")) + len(two.events("checked"))
        fetches = sum(server.count("/" + s) for s in slugs)
        for slug in slugs:
            times = arrivals(server, slug)
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert all(g >= 1.0 for g in gaps), (slug, gaps)
            assert 2 <= len(times) <= 8, (slug, len(times))
        # Every fetch is one recorded check (a few may be in flight at this instant).
        assert checks <= len(rows(url, FetchRow)) <= fetches <= checks + len(slugs)

        # Kill "one" while it holds leases. On this host "two" sees one's process is gone and takes
        # its targets over at once (issue 10.2); a daemon on another host waits for the lease.
        worker_one = one.worker

        def fresh_leases_of_one() -> dict[str, datetime]:
            soon = datetime.now(UTC).timestamp() + lease - 0.3
            return {
                slug: row.claimed_until
                for slug, row in targets_by_slug(url).items()
                if row.claimed_by == worker_one and row.claimed_until.timestamp() > soon
            }

        # Leases claimed in the last 0.3 s belong to a crawl still running when the kill lands.
        # They are taken as they were before the kill: "two" may take them over at once, before
        # a query after the kill could see them.
        held = wait_until(fresh_leases_of_one, 20, one.describe)
        one.kill()
        killed_at = datetime.now(UTC)
        offset = time.time() - time.monotonic()  # server arrival times are monotonic
        wait_until(
            lambda: all(
                any(t + offset > held[s].timestamp() for t in arrivals(server, s)) for s in held
            ),
            lease + 10,
            two.describe,
        )
        early = []
        for slug, until in held.items():
            after_kill = [
                t + offset for t in arrivals(server, slug) if t + offset > killed_at.timestamp()
            ]
            assert after_kill, slug
            early.append(after_kill[0] < until.timestamp())
        # Taken over before the dead daemon's lease ended (not only once it ran out).
        assert any(early), (held, early)
        # "two" now checks everything.
        counts = {s: server.count("/" + s) for s in slugs}
        wait_until(lambda: all(server.count("/" + s) > counts[s] for s in slugs), 10, two.describe)
        code, _ = two.stop()
        assert code == 0, two.describe()
        assert all(row.claimed_by is None for row in targets_by_slug(url).values())
        for slug in slugs:
            # The dead daemon's last request may still be answered by the server when "two"
            # takes its target over: that process will never record it. Otherwise, no overlap.
            times = arrivals(server, slug)
            cut = killed_at.timestamp() - offset
            gaps = [b - a for a, b in itertools.pairwise(times) if not a <= cut < b]
            assert all(g >= delay for g in gaps), (slug, gaps)
