"""The daemon: scheduled checks on one long-lived event loop, coordinated through the database.

Shape of a check, from the clock to the database:

1. APScheduler (``AsyncIOScheduler`` on the Twisted asyncio reactor's loop)
   fires the target's job on its schedule. The job only marks the target due.
2. After a short batching window, due targets are *claimed* in the database
   (``storage.leases``): only those whose ``next_check_at`` has passed and that
   no one holds a live lease on. Other daemons on the same PostgreSQL database,
   and ``noticewatch recrawl`` started by hand, claim the same way, so each
   check happens once.
3. The claimed targets are fetched in ONE Scrapy crawl (``crawler.runner.crawl``
   with ``monitor.record.Recorder``) on the same reactor, bounded by
   ``--crawl-timeout``; leases are renewed while it runs.
4. Each recorded target gets ``next_check_at`` = its job's next fire time, and
   its lease is released. A target that was not checked (shutdown) keeps its
   ``next_check_at``: it is still due, for the next daemon that looks.

Around that: the alert dispatcher delivers the outbox in a thread of its own;
SIGHUP (or ``--watch-config``) reloads the watchlist without a restart; SIGTERM
and SIGINT stop scheduling, let running crawls finish for half the grace
period, then stop them, and release every lease before exiting; a small HTTP
server answers ``/healthz``, ``/readyz`` and ``/metrics``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from crawler.items import FetchedNotice
from crawler.runner import run_sync
from crawler.spiders.notices import new_crawl_id
from monitor.config import Watchlist, load_watchlist
from monitor.crawl import plan_crawl
from monitor.daemon.crawls import CrawlResult, bounded_crawl
from monitor.daemon.health import HealthServer, Readiness
from monitor.daemon.leasing import LeaseKeeper, in_session
from monitor.daemon.metrics import CONTENT_TYPE_LATEST, Metrics
from monitor.daemon.planning import DEFAULT_SPREAD_SECONDS, plan
from monitor.errors import ConfigErrors
from monitor.record import Recorder, outcome_of
from monitor.schedule import parse_schedule
from monitor.targets import Target
from storage import leases, repo
from storage.db import Database
from storage.models import FetchRow, TargetRow, utcnow

log = logging.getLogger("monitor.daemon")

#: Fetch outcomes that mean "the notice answered" (for the last-success gauge).
_GOOD = ("new_version", "unchanged", "not_modified", "reextracted")


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


@dataclass(frozen=True, slots=True)
class Skipped:
    """The processor's answer for a failure seen while shutting down: not recorded, still due."""

    target_id: str
    reason: str


class _Processor:
    """The Recorder, minus what must not be recorded.

    During a shutdown, failures are not recorded (the page was not checked: the
    crawl was stopped). Once the daemon has given up on a crawl (``closed``: its
    leases are being released), nothing of it is recorded any more.
    """

    def __init__(self, recorder: Recorder, aborting: threading.Event) -> None:
        self.recorder = recorder
        self.aborting = aborting
        self.closed = threading.Event()

    def process(self, notice: FetchedNotice) -> object:
        if self.closed.is_set():
            return Skipped(notice.target_id, "the crawl was abandoned")
        if notice.error is not None and self.aborting.is_set():
            return Skipped(notice.target_id, notice.error)
        return self.recorder.process(notice)


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
        self.targets: dict[str, Target] = {}
        self._schedules: dict[str, str] = {}
        self._jobs: dict[str, Any] = {}
        self._due: dict[str, datetime] = {}
        self._batches: set[asyncio.Task[None]] = set()
        self._rng = random.Random()
        self._aborting = threading.Event()
        self._heartbeat = time.monotonic()
        self._db_ok_at: float | None = None
        self._db_error: str | None = None
        self._stopping = False
        self._deadline: float | None = None
        self._scheduler: Any = None
        self._dispatcher: tuple[threading.Thread, threading.Event] | None = None
        self._config_stamp: tuple[int, int] | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._reloads: set[asyncio.Future[bool]] = set()

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
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._abort = asyncio.Event()
        self._slots = asyncio.Semaphore(max(1, self.options.max_crawls))
        self._reload_lock = asyncio.Lock()
        for sig, handler in (
            (signal.SIGTERM, lambda: self.request_stop("SIGTERM")),
            (signal.SIGINT, lambda: self.request_stop("SIGINT")),
            (signal.SIGHUP, lambda: self.request_reload("SIGHUP")),
        ):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, handler)

        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self._scheduler = AsyncIOScheduler(
            event_loop=loop,
            timezone=UTC,
            job_defaults={
                "coalesce": True,  # missed runs (a busy or sleeping host) become one check
                "max_instances": 1,
                # APScheduler's default of 1 s silently drops runs after a busy spell.
                "misfire_grace_time": None,
            },
        )
        self._scheduler.start()
        self._config_stamp = _stamp(self.watchlist.path)
        await self._apply(self.watchlist, reason="start")
        self._start_dispatcher(self.watchlist.alerting)
        await self._refresh(initial=True)
        if self.health is not None:
            self.health.start()
        self._tasks = [
            asyncio.ensure_future(self._beat()),
            asyncio.ensure_future(self._batcher()),
            asyncio.ensure_future(self._refresher()),
        ]
        if self.options.watch_config:
            self._tasks.append(asyncio.ensure_future(self._watch_config()))
        log.info(
            "daemon %s started: %d target(s) scheduled, database %s%s",
            self.worker,
            len(self._schedules),
            self.database.url,
            f", health on {self.health.url}" if self.health else "",
            extra={"event": "started", "worker": self.worker, "targets": len(self._schedules)},
        )
        await self._stop.wait()
        await self._shutdown()
        return 0

    def request_stop(self, reason: str = "request") -> None:
        if self._stopping:
            # A second signal: stop the running crawls now instead of waiting for half the grace.
            log.warning("%s again: stopping running crawls now", reason)
            self._aborting.set()
            self._abort.set()
            return
        log.info(
            "%s received: stopping (grace %g s)",
            reason,
            self.options.grace,
            extra={"event": "stopping", "reason": reason},
        )
        self._stopping = True
        self._deadline = time.monotonic() + self.options.grace
        self._stop.set()

    def request_reload(self, reason: str = "request") -> None:
        if not self._stopping:
            task = asyncio.ensure_future(self.reload(reason))
            self._reloads.add(task)
            task.add_done_callback(self._reloads.discard)

    def readiness(self) -> Readiness:
        """Ready: database reached within the last few probes, scheduler running, not stopping."""
        now = time.monotonic()
        db_age = None if self._db_ok_at is None else now - self._db_ok_at
        db_ok = db_age is not None and db_age <= max(4 * self.options.refresh, 20.0)
        scheduler_ok = bool(self._scheduler is not None and self._scheduler.running)
        checks: dict[str, Any] = {
            "database": "ok" if db_ok else (self._db_error or "not reached yet"),
            "scheduler": "running" if scheduler_ok else "stopped",
            "stopping": self._stopping,
            "scheduled_targets": len(self._schedules),
            "running_crawls": len(self._batches),
            "worker": self.worker,
        }
        return Readiness(ready=db_ok and scheduler_ok and not self._stopping, checks=checks)

    # ------------------------------------------------------------------ schedules

    async def _apply(self, watchlist: Watchlist, *, reason: str) -> tuple[int, int, int]:
        """Make the jobs match ``watchlist``: add, remove, reschedule. Returns (+, -, ~)."""
        wanted = {t.id: t for t in watchlist.targets if t.enabled}
        stored = await in_session(self.database, _next_checks, list(wanted))
        now = utcnow()
        removed = [slug for slug in self._schedules if slug not in wanted]
        for slug in removed:
            self._remove_job(slug)
            self._due.pop(slug, None)
            self.metrics.forget_target(slug)
        added = changed = 0
        bring_forward: dict[str, datetime] = {}
        for slug, target in wanted.items():
            if self._schedules.get(slug) == target.schedule:
                continue
            if slug in self._schedules:
                changed += 1
                self._remove_job(slug)
            else:
                added += 1
            p = plan(
                parse_schedule(target.schedule),
                stored.get(slug),
                now,
                spread=self.options.spread,
                rng=self._rng,
            )
            self._jobs[slug] = self._scheduler.add_job(
                self._mark_due,
                trigger=p.trigger,
                args=[slug],
                id=slug,
                name=slug,
                next_run_time=p.first_run,
                replace_existing=True,
            )
            self._schedules[slug] = target.schedule
            if p.store_next is not None:
                bring_forward[slug] = p.store_next
        self.targets = wanted
        if bring_forward:
            await in_session(self.database, _bring_forward, bring_forward)
        self.metrics.scheduled.set(len(self._schedules))
        return added, len(removed), changed

    def _remove_job(self, slug: str) -> None:
        self._schedules.pop(slug, None)
        self._jobs.pop(slug, None)
        with contextlib.suppress(Exception):
            self._scheduler.remove_job(slug)

    def _next_run(self, slug: str) -> datetime | None:
        """When this daemon will look at ``slug`` next: stored as its next_check_at.

        The Job object is kept rather than looked up: once the scheduler is shut
        down, APScheduler no longer finds its jobs, and checks finishing during a
        shutdown still need their next planned time.
        """
        job = self._jobs.get(slug)
        if job is None:
            return None
        now = utcnow()
        when = job.next_run_time
        if when is None or when <= now:
            when = job.trigger.get_next_fire_time(None, now)
        return when.astimezone(UTC) if when is not None else None

    async def _mark_due(self, slug: str) -> None:
        """The job of every target: mark it due; the batcher claims and crawls it."""
        if self._stopping or slug not in self.targets:
            return
        self._due.setdefault(slug, utcnow())
        self._wake.set()

    # ------------------------------------------------------------------ reload

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
                added, removed, changed = await self._apply(watchlist, reason=reason)
            except Exception as exc:
                self.metrics.reloads.labels("error").inc()
                log.exception("reload (%s) failed: %s", reason, exc)
                return False
            if watchlist.alerting != self.watchlist.alerting:
                self._stop_dispatcher(join=5.0)
                self._start_dispatcher(watchlist.alerting)
            if watchlist.settings.database_url != self.watchlist.settings.database_url:
                log.warning(
                    "reload: a new [settings] database_url takes effect only after a restart"
                )
            self.watchlist = watchlist
            self.metrics.reloads.labels("ok").inc()
            log.info(
                "reloaded %s (%s): %d target(s) scheduled, %d added, %d removed, %d rescheduled",
                path,
                reason,
                len(self._schedules),
                added,
                removed,
                changed,
                extra={"event": "reloaded", "reason": reason, "targets": len(self._schedules)},
            )
            return True

    async def _watch_config(self) -> None:
        while True:
            await asyncio.sleep(self.options.config_poll)
            stamp = _stamp(self.watchlist.path)
            if stamp is not None and stamp != self._config_stamp:
                await self.reload("file changed")

    # ------------------------------------------------------------------ batching and crawling

    async def _batcher(self) -> None:
        while True:
            await self._wake.wait()
            if self._stopping:
                return
            await asyncio.sleep(self.options.batch_window)  # gather what falls due together
            self._wake.clear()
            while self._due and not self._stopping:
                await self._slots.acquire()
                if self._stopping:
                    self._slots.release()
                    return
                fired = dict(itertools.islice(self._due.items(), self.options.max_batch))
                for slug in fired:
                    del self._due[slug]
                try:
                    claims = await in_session(
                        self.database,
                        leases.claim_due,
                        list(fired),
                        worker=self.worker,
                        lease_seconds=self.options.lease,
                        early=self.options.early,
                    )
                except Exception as exc:
                    self._slots.release()
                    self._db_error = f"claim failed: {exc}"
                    log.error("could not claim due targets (they stay due): %s", exc)
                    await asyncio.sleep(1.0)
                    continue
                if not claims:
                    self._slots.release()
                    continue
                task = asyncio.ensure_future(self._crawl(claims, fired))
                self._batches.add(task)
                task.add_done_callback(self._batch_done)

    def _batch_done(self, task: asyncio.Task[None]) -> None:
        self._batches.discard(task)
        self._slots.release()
        if not task.cancelled() and task.exception() is not None:
            log.error("a crawl task failed", exc_info=task.exception())

    async def _crawl(self, claims: list[leases.Claim], fired: Mapping[str, datetime]) -> None:
        crawl_id = new_crawl_id()
        mine = {c.slug: c for c in claims if c.slug in self.targets}
        gone = {c.id: leases.KEEP for c in claims if c.slug not in self.targets}
        if gone:  # removed from the watchlist between firing and claiming
            await in_session(self.database, leases.release, gone, worker=self.worker)
        if not mine:
            return
        targets = [self.targets[slug] for slug in mine]
        planned = {slug: c.planned or fired.get(slug) for slug, c in mine.items()}
        recorded: set[str] = set()
        releases: set[asyncio.Future[Any]] = set()
        self.metrics.leased.inc(len(mine))
        keeper = LeaseKeeper(
            self.database, list(mine.values()), worker=self.worker, lease_seconds=self.options.lease
        ).start()
        log.info(
            "crawl %s: checking %d target(s)",
            crawl_id,
            len(targets),
            extra={"event": "crawl_started", "crawl_id": crawl_id, "targets": list(mine)},
        )

        def on_result(notice: FetchedNotice, result: object) -> None:
            claim = mine.get(notice.target_id)
            if claim is None or notice.target_id in recorded:
                return
            if isinstance(result, Skipped):
                log.info(
                    "%s: not checked (%s); it stays due",
                    notice.target_id,
                    "shutting down" if self._stopping else result.reason,
                    extra={"event": "skipped", "crawl_id": crawl_id, "target": notice.target_id},
                )
                return
            recorded.add(notice.target_id)
            self._observe(crawl_id, notice, result, planned.get(notice.target_id))
            # Recorded: free it now (a hand recrawl need not wait for the rest of the batch).
            keeper.drop([claim.id])
            releases.add(
                asyncio.ensure_future(self._release({claim.id: self._next_run(claim.slug)}))
            )

        started = time.monotonic()
        outcome = CrawlResult(result="error")
        processor: _Processor | None = None
        try:
            plan = await asyncio.to_thread(
                plan_crawl,
                self.database,
                self.watchlist,
                targets,
                flags=self.options.crawl_settings,
                crawl_id=crawl_id,
            )
            recorder = plan.recorder
            processor = _Processor(recorder, self._aborting)
            outcome = await bounded_crawl(
                plan.requests,
                processor,
                crawl_id=crawl_id,
                timeout=self.options.crawl_timeout,
                abort=self._abort,
                stop_bound=self._stop_bound(targets),
                settings=plan.settings,
                on_result=on_result,
            )
            if outcome.error is not None:
                log.error(
                    "crawl %s failed: %s",
                    crawl_id,
                    outcome.error,
                    exc_info=outcome.error,
                    extra={"crawl_id": crawl_id},
                )
            processor.closed.set()  # an abandoned crawl may still deliver notices: not ours now
            if outcome.result == "abandoned" and not self._stopping:
                # Past the crawl timeout and still not answering: that is a failed check.
                await self._record_timeouts(
                    recorder, crawl_id, [t for t in targets if t.id not in recorded], on_result
                )
        except Exception as exc:
            log.exception("crawl %s failed: %s", crawl_id, exc, extra={"crawl_id": crawl_id})
        finally:
            if processor is not None:
                processor.closed.set()
            await keeper.stop()
            if releases:
                await asyncio.wait(releases)
            await self._release({c.id: leases.KEEP for s, c in mine.items() if s not in recorded})
            self.metrics.leased.dec(len(mine))
            elapsed = time.monotonic() - started
            self.metrics.crawls.labels(outcome.result).inc()
            self.metrics.crawl_duration.observe(elapsed)
            self.metrics.crawl_targets.observe(len(mine))
            log.info(
                "crawl %s: %s in %.1f s, %d of %d target(s) recorded",
                crawl_id,
                outcome.result,
                elapsed,
                len(recorded),
                len(mine),
                extra={
                    "event": "crawl_finished",
                    "crawl_id": crawl_id,
                    "outcome": outcome.result,
                    "duration_s": round(elapsed, 3),
                    "targets": len(mine),
                },
            )

    async def _release(self, done: dict[int, datetime | None]) -> None:
        if not done:
            return
        try:
            await in_session(self.database, leases.release, done, worker=self.worker)
        except Exception as exc:  # the leases end by themselves at claimed_until
            log.error("could not release %d lease(s): %s", len(done), exc)

    async def _record_timeouts(
        self,
        recorder: Recorder,
        crawl_id: str,
        targets: list[Target],
        on_result: Callable[[FetchedNotice, object], None],
    ) -> None:
        from crawler.pipelines import process_notice

        for target in targets:
            notice = FetchedNotice.unanswered(
                target,
                crawl_id=crawl_id,
                error=f"no answer within the crawl timeout ({self.options.crawl_timeout:g} s)",
                error_kind="timeout",
                duration_ms=self.options.crawl_timeout * 1000,
            )
            on_result(notice, await process_notice(recorder, notice))

    def _observe(
        self, crawl_id: str, notice: FetchedNotice, result: object, planned: datetime | None
    ) -> None:
        outcome = outcome_of(notice, result)
        self.metrics.observe_outcome(outcome, time.time())
        lag = (notice.fetched_at - planned).total_seconds() if planned is not None else None
        if lag is not None:
            self.metrics.lag.observe(max(0.0, lag))
        log.log(
            logging.INFO if outcome.ok else logging.WARNING,
            "%s: %s",
            notice.target_id,
            outcome.describe(),
            extra={
                "event": "checked",
                "crawl_id": crawl_id,
                "target": notice.target_id,
                "outcome": outcome.outcome,
                "planned": planned.isoformat() if planned is not None else None,
                "started": notice.fetched_at.isoformat(),
                "lag_s": round(lag, 3) if lag is not None else None,
                "duration_s": round(notice.duration_ms / 1000, 3),
            },
        )

    def _stop_bound(self, targets: list[Target]) -> Callable[[], float]:
        """How long a crawl asked to stop may take before it is abandoned.

        Shutting down: until just before the deadline. A crawl past its timeout: its
        slowest download timeout, at most 30 s and at most the crawl timeout again.
        """
        slowest = max((t.timeout for t in targets), default=30.0)

        def bound() -> float:
            if self._deadline is not None:
                return max(0.0, self._deadline - time.monotonic() - 1.5)
            return min(slowest, 30.0, max(1.0, self.options.crawl_timeout))

        return bound

    # ------------------------------------------------------------------ alerts

    def _start_dispatcher(self, alerting: Any) -> None:
        if alerting is None:
            return
        from monitor.alerts.dispatcher import Dispatcher

        dispatcher = Dispatcher(self.database, alerting, worker=f"{self.worker}:alerts")
        stop = threading.Event()
        thread = threading.Thread(
            target=self._dispatch_loop,
            args=(dispatcher, stop),
            name="alert-dispatcher",
            daemon=True,
        )
        thread.start()
        self._dispatcher = (thread, stop)

    def _dispatch_loop(self, dispatcher: Any, stop: threading.Event) -> None:
        """Dispatcher.run_forever, plus the delivery counters."""
        while not stop.is_set():
            try:
                report = dispatcher.dispatch_once()
            except Exception:
                log.exception(
                    "alert dispatch failed; trying again in %g s", self.options.dispatch_interval
                )
            else:
                for name in ("sent", "retried", "failed", "dead"):
                    if getattr(report, name, 0):
                        self.metrics.deliveries.labels(name).inc(getattr(report, name))
            stop.wait(self.options.dispatch_interval)

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
            if slug in self._schedules:
                self.metrics.last_success.labels(slug).set(when.timestamp())

    # ------------------------------------------------------------------ shutdown

    async def _shutdown(self) -> None:
        assert self._deadline is not None
        grace = self.options.grace
        with contextlib.suppress(Exception):
            self._scheduler.shutdown(wait=False)
        self._wake.set()
        for task in self._tasks:
            if not task.done() and task is not self._tasks[0]:
                task.cancel()
        if self._dispatcher is not None:
            self._dispatcher[1].set()
        running = len(self._batches)
        if self._batches:
            log.info("waiting for %d running crawl(s) to finish", running)
            await asyncio.wait(set(self._batches), timeout=grace / 2)
        if self._batches:
            log.warning(
                "stopping %d crawl(s) that did not finish in %g s", len(self._batches), grace / 2
            )
            self._aborting.set()
            self._abort.set()
            await asyncio.wait(set(self._batches), timeout=self._left(1.0))
        for task in list(self._batches):
            task.cancel()
        if self._batches:
            await asyncio.wait(set(self._batches), timeout=0.5)
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
            grace - (self._deadline - time.monotonic()),
            extra={"event": "stopped", "worker": self.worker},
        )

    def _left(self, margin: float) -> float:
        assert self._deadline is not None
        return max(0.0, self._deadline - time.monotonic() - margin)


# --------------------------------------------------------------------------- database helpers


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _next_checks(session: Any, slugs: list[str]) -> dict[str, datetime | None]:
    rows = session.execute(
        select(TargetRow.slug, TargetRow.next_check_at).where(TargetRow.slug.in_(slugs))
    )
    return {slug: when for slug, when in rows}


def _bring_forward(session: Any, when: Mapping[str, datetime]) -> None:
    """A shortened schedule: the stored next check may not stay later than the new first run."""
    for slug, first in when.items():
        row = repo.get_target(session, slug)
        if row is not None and (row.next_check_at is None or row.next_check_at > first):
            row.next_check_at = first


def _database_state(
    session: Any, *, last_success: bool
) -> tuple[dict[str, int], dict[str, int], dict[str, datetime]]:
    from storage.outbox import status_counts

    session.execute(text("SELECT 1"))
    alerts = status_counts(session)
    targets = {
        status: count
        for status, count in session.execute(
            select(TargetRow.status, func.count())
            .where(TargetRow.enabled.is_(True))
            .group_by(TargetRow.status)
        )
    }
    successes: dict[str, datetime] = {}
    if last_success:  # once at start; afterwards the daemon's own checks keep it current
        rows = session.execute(
            select(TargetRow.slug, func.max(FetchRow.started_at))
            .join(FetchRow, FetchRow.target_id == TargetRow.id)
            .where(FetchRow.outcome.in_(_GOOD), TargetRow.enabled.is_(True))
            .group_by(TargetRow.slug)
        )
        for slug, when in rows:
            if when is not None:
                successes[slug] = when if when.tzinfo else when.replace(tzinfo=UTC)
    return alerts, targets, successes


# --------------------------------------------------------------------------- process entry


def run_daemon(daemon: Daemon) -> int:
    """Install the asyncio reactor, run ``daemon`` on its loop until it stops; the exit status.

    The reactor runs without Twisted's signal handlers: the daemon installs its
    own on the loop (SIGTERM/SIGINT stop it cleanly, SIGHUP reloads).
    """
    return int(run_sync(daemon.run, install_signal_handlers=False))
