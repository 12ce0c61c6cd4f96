"""The daemon: scheduled checks on one long-lived event loop, coordinated through the database.

A daemon is three parts on the Twisted asyncio reactor's loop:

- ``scheduling.Jobs``: one APScheduler job per enabled target; a job only marks
  its target due, and tells when it fires next.
- ``checks.Checks``: due targets gathered into batches, claimed in the database
  (so each check happens once across a fleet and with hand recrawls), crawled,
  recorded, released with their next check time.
- :class:`Daemon` (this module): the lifecycle around them. Start, signals
  (SIGTERM and SIGINT stop scheduling, let running crawls finish for half the
  grace period, then stop them, and release every lease before exiting; SIGHUP
  or ``--watch-config`` reloads the watchlist without a restart), the alert
  dispatcher's thread, the database probe behind ``/readyz``, and the small
  HTTP server answering ``/healthz``, ``/readyz`` and ``/metrics``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from crawler.runner import run_sync
from monitor.config import Watchlist, load_watchlist
from monitor.daemon.checks import Checks
from monitor.daemon.health import HealthServer, Readiness
from monitor.daemon.leasing import in_session
from monitor.daemon.metrics import CONTENT_TYPE_LATEST, Metrics
from monitor.daemon.planning import DEFAULT_SPREAD_SECONDS
from monitor.daemon.scheduling import Applied, Jobs
from monitor.errors import ConfigErrors
from storage import leases, outbox, repo
from storage.db import Database

log = logging.getLogger("monitor.daemon")

#: Fetch outcomes that mean "the notice answered" (for the last-success gauge).
_GOOD = ("new_version", "unchanged", "not_modified", "reextracted", "restored")


@dataclass(frozen=True, slots=True)
class DaemonOptions:
    """Tuning knobs; the CLI documents each one."""

    health_addr: tuple[str, int] | None = ("127.0.0.1", 9108)
    watch_config: bool = False
    #: SIGTERM: seconds until exit, whatever is running.
    grace: float = 25.0
    #: A crawl still running after this is stopped.
    crawl_timeout: float = 900.0
    #: Lease length (renewed every third of it while a crawl runs).
    lease: float = 120.0
    #: First checks of new or overdue targets are spread over this window (capped at the period).
    spread: float = DEFAULT_SPREAD_SECONDS
    #: Due targets are gathered this long before they are claimed and crawled together.
    batch_window: float = 1.0
    max_batch: int = 100
    #: Crawls running at once (each one is a batch).
    max_crawls: int = 4
    #: Claim targets due within this many seconds (clocks of daemons on other machines).
    early: float = 0.0
    config_poll: float = 2.0
    #: Database probe and database-wide gauges, every this many seconds.
    refresh: float = 5.0
    dispatch_interval: float = 5.0
    #: Scrapy settings for every crawl (``-s NAME=VALUE``), over the project's.
    crawl_settings: Mapping[str, Any] = field(default_factory=dict)


class Daemon:
    """One daemon process; ``run()`` is awaited on the reactor's asyncio loop until it stops."""

    def __init__(
        self,
        watchlist: Watchlist,
        database: Database,
        options: DaemonOptions | None = None,
        *,
        worker: str | None = None,
    ) -> None:
        self.watchlist = watchlist
        self.database = database
        self.options = options or DaemonOptions()
        self.worker = worker or leases.worker_id()
        self.metrics = Metrics()
        self.health: HealthServer | None = None
        self.checks = Checks(
            database,
            self.options,
            self.metrics,
            worker=self.worker,
            next_run=self._next_run,
            on_db_error=self._database_error,
        )
        self.checks.watchlist = watchlist
        self.jobs = Jobs(
            database, self.checks.mark_due, spread=self.options.spread, rng=random.Random()
        )
        self._heartbeat = time.monotonic()
        self._db_ok_at: float | None = None
        self._db_error: str | None = None
        self._dispatcher: tuple[threading.Thread, threading.Event] | None = None
        self._config_stamp: tuple[int, int] | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._reloads: set[asyncio.Future[bool]] = set()

    @property
    def stopping(self) -> bool:
        return self.checks.stopping

    # ------------------------------------------------------------------ lifecycle

    def bind_health(self) -> None:
        """Bind the health/metrics address now (before the reactor), so a taken port fails fast."""
        if self.options.health_addr is None:
            return
        self.health = HealthServer(
            self.options.health_addr,
            metrics=lambda: (self.metrics.render(), CONTENT_TYPE_LATEST),
            readiness=self.readiness,
            heartbeat=lambda: self._heartbeat,
        )

    async def run(self) -> int:
        """Run until SIGTERM/SIGINT (or ``request_stop``); returns the exit status."""
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._reload_lock = asyncio.Lock()
        for sig, handler in (
            (signal.SIGTERM, lambda: self.request_stop("SIGTERM")),
            (signal.SIGINT, lambda: self.request_stop("SIGINT")),
            (signal.SIGHUP, lambda: self.request_reload("SIGHUP")),
        ):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, handler)
        self.jobs.start(loop)
        self._config_stamp = _stamp(self.watchlist.path)
        await self._apply(self.watchlist)
        self._start_dispatcher(self.watchlist.alerting)
        await self._refresh(initial=True)
        if self.health is not None:
            self.health.start()
        self._tasks = [
            asyncio.ensure_future(self._beat()),
            self.checks.start(),
            asyncio.ensure_future(self._refresher()),
        ]
        if self.options.watch_config:
            self._tasks.append(asyncio.ensure_future(self._watch_config()))
        log.info(
            "daemon %s started: %d target(s) scheduled, database %s%s",
            self.worker,
            len(self.jobs),
            self.database.url,
            f", health on {self.health.url}" if self.health else "",
            extra={"event": "started", "worker": self.worker, "targets": len(self.jobs)},
        )
        await self._stop.wait()
        await self._shutdown()
        return 0

    def request_stop(self, reason: str = "request") -> None:
        if self.stopping:
            # A second signal: stop the running crawls now instead of waiting for half the grace.
            log.warning("%s again: stopping running crawls now", reason)
            self.checks.abort()
            return
        log.info(
            "%s received: stopping (grace %g s)",
            reason,
            self.options.grace,
            extra={"event": "stopping", "reason": reason},
        )
        self.checks.begin_stop(time.monotonic() + self.options.grace)
        self._stop.set()

    def request_reload(self, reason: str = "request") -> None:
        if not self.stopping:
            task = asyncio.ensure_future(self.reload(reason))
            self._reloads.add(task)
            task.add_done_callback(self._reloads.discard)

    def readiness(self) -> Readiness:
        """Ready: database reached within the last few probes, scheduler running, not stopping."""
        now = time.monotonic()
        db_age = None if self._db_ok_at is None else now - self._db_ok_at
        db_ok = db_age is not None and db_age <= max(4 * self.options.refresh, 20.0)
        scheduler_ok = self.jobs.running
        checks: dict[str, Any] = {
            "database": "ok" if db_ok else (self._db_error or "not reached yet"),
            "scheduler": "running" if scheduler_ok else "stopped",
            "stopping": self.stopping,
            "scheduled_targets": len(self.jobs),
            "running_crawls": self.checks.running,
            "worker": self.worker,
        }
        return Readiness(ready=db_ok and scheduler_ok and not self.stopping, checks=checks)

    # ------------------------------------------------------------------ schedules and reload

    async def _apply(self, watchlist: Watchlist) -> Applied:
        """Jobs for the enabled targets of ``watchlist``; checks of removed targets stop."""
        wanted = {t.id: t for t in watchlist.targets if t.enabled}
        applied = await self.jobs.apply(wanted)
        for slug in applied.removed:
            self.checks.forget(slug)
            self.metrics.forget_target(slug)
        self.checks.targets = wanted
        self.metrics.scheduled.set(len(self.jobs))
        return applied

    def _next_run(self, slug: str) -> datetime | None:
        return self.jobs.next_run(slug)

    def _database_error(self, error: str) -> None:
        self._db_error = error

    async def reload(self, reason: str = "request") -> bool:
        """Re-read the watchlist; keeps the current one (and says why) when the new one is invalid."""
        async with self._reload_lock:
            path = self.watchlist.path
            self._config_stamp = _stamp(path)
            try:
                watchlist = await asyncio.to_thread(load_watchlist, path)
            except ConfigErrors as exc:
                self.metrics.reloads.labels("error").inc()
                log.error(
                    "reload (%s): %s is invalid; keeping the current watchlist\n%s",
                    reason,
                    path,
                    exc,
                    extra={"event": "reload_failed", "reason": reason},
                )
                return False
            try:
                await in_session(self.database, repo.sync_targets, watchlist.targets)
                applied = await self._apply(watchlist)
            except Exception as exc:
                self.metrics.reloads.labels("error").inc()
                self.metrics.scheduled.set(len(self.jobs))  # health and metrics tell one story
                log.exception(
                    "reload (%s) failed, keeping the current jobs: %s",
                    reason,
                    exc,
                    extra={"event": "reload_failed", "reason": reason},
                )
                return False
            if watchlist.alerting != self.watchlist.alerting:
                self._stop_dispatcher(join=5.0)
                self._start_dispatcher(watchlist.alerting)
            if watchlist.settings.database_url != self.watchlist.settings.database_url:
                log.warning(
                    "reload: a new [settings] database_url takes effect only after a restart"
                )
            self.watchlist = self.checks.watchlist = watchlist
            self.metrics.reloads.labels("ok").inc()
            log.info(
                "reloaded %s (%s): %d target(s) scheduled, %d added, %d removed, %d rescheduled",
                path,
                reason,
                len(self.jobs),
                applied.added,
                len(applied.removed),
                applied.changed,
                extra={"event": "reloaded", "reason": reason, "targets": len(self.jobs)},
            )
            return True

    async def _watch_config(self) -> None:
        while True:
            await asyncio.sleep(self.options.config_poll)
            stamp = _stamp(self.watchlist.path)
            if stamp is not None and stamp != self._config_stamp:
                await self.reload("file changed")

    # ------------------------------------------------------------------ alerts

    def _start_dispatcher(self, alerting: Any) -> None:
        if alerting is None:
            return
        from monitor.alerts.dispatcher import Dispatcher

        dispatcher = Dispatcher(self.database, alerting, worker=f"{self.worker}:alerts")
        stop = threading.Event()
        thread = threading.Thread(
            target=dispatcher.run_forever,
            args=(stop,),
            kwargs={"interval": self.options.dispatch_interval, "on_report": self._count},
            name="alert-dispatcher",
            daemon=True,
        )
        thread.start()
        self._dispatcher = (thread, stop)

    def _count(self, report: Any) -> None:
        """The delivery counters, from each dispatch pass."""
        for name in ("sent", "retried", "failed", "dead"):
            if getattr(report, name, 0):
                self.metrics.deliveries.labels(name).inc(getattr(report, name))

    def _stop_dispatcher(self, join: float) -> None:
        if self._dispatcher is None:
            return
        thread, stop = self._dispatcher
        stop.set()
        thread.join(timeout=max(0.0, join))
        if thread.is_alive():
            log.warning(
                "the alert dispatcher is still sending; its alerts are retried after their lease"
            )
        self._dispatcher = None

    # ------------------------------------------------------------------ background

    async def _beat(self) -> None:
        while True:
            self._heartbeat = time.monotonic()
            await asyncio.sleep(1.0)

    async def _refresher(self) -> None:
        while True:
            await asyncio.sleep(self.options.refresh)
            await self._refresh()

    async def _refresh(self, *, initial: bool = False) -> None:
        """Probe the database and read the database-wide gauges (alerts and targets by status)."""
        try:
            alerts, targets, successes = await in_session(
                self.database, _database_state, last_success=initial
            )
        except Exception as exc:
            self._db_error = f"{type(exc).__name__}: {exc}".splitlines()[0]
            log.warning("database probe failed: %s", self._db_error)
            return
        self._db_ok_at = time.monotonic()
        self._db_error = None
        self.metrics.set_database_gauges(alerts=alerts, targets=targets)
        for slug, when in successes.items():
            if slug in self.jobs:
                self.metrics.last_success.labels(slug).set(when.timestamp())

    # ------------------------------------------------------------------ shutdown

    async def _shutdown(self) -> None:
        deadline = self.checks.deadline
        assert deadline is not None
        grace = self.options.grace
        self.jobs.shutdown()
        for task in self._tasks:
            if not task.done() and task is not self._tasks[0]:
                task.cancel()
        if self._dispatcher is not None:
            self._dispatcher[1].set()
        await self.checks.drain(grace / 2)
        try:
            released = await asyncio.wait_for(
                in_session(self.database, leases.release_all, worker=self.worker),
                timeout=max(0.5, self._left(0.2)),
            )
        except Exception as exc:
            log.error("could not release leases at shutdown (they expire by themselves): %s", exc)
        else:
            if released:
                log.warning("released %d lease(s) of unfinished checks; they stay due", released)
        self._stop_dispatcher(join=self._left(0.2))
        for task in self._tasks:
            task.cancel()
        if self.health is not None:
            await asyncio.to_thread(self.health.close)
        log.info(
            "daemon %s stopped cleanly in %.1f s",
            self.worker,
            grace - (deadline - time.monotonic()),
            extra={"event": "stopped", "worker": self.worker},
        )

    def _left(self, margin: float) -> float:
        assert self.checks.deadline is not None
        return max(0.0, self.checks.deadline - time.monotonic() - margin)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _database_state(
    session: Any, *, last_success: bool
) -> tuple[dict[str, int], dict[str, int], dict[str, datetime]]:
    """A probe (SELECT 1), then alerts and targets by status, and at start the last successes."""
    session.execute(text("SELECT 1"))
    # Once at start; afterwards the daemon's own checks keep the last-success gauge current.
    successes = repo.last_fetch_times(session, _GOOD) if last_success else {}
    return outbox.status_counts(session), repo.target_status_counts(session), successes


# --------------------------------------------------------------------------- process entry


def run_daemon(daemon: Daemon) -> int:
    """Install the asyncio reactor, run ``daemon`` on its loop until it stops; the exit status.

    The reactor runs without Twisted's signal handlers: the daemon installs its
    own on the loop (SIGTERM/SIGINT stop it cleanly, SIGHUP reloads).
    """
    return int(run_sync(daemon.run, install_signal_handlers=False))
