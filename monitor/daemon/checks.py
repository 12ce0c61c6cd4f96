"""The daemon's checks: due targets gathered into batches, claimed, crawled, recorded, released.

1. A target's job marks it due (:meth:`Checks.mark_due`).
2. After a short batching window, due targets are *claimed* in the database
   (``storage.leases``): only those whose ``next_check_at`` has passed and that
   no one holds a live lease on. Other daemons on the same PostgreSQL database,
   and ``noticewatch recrawl`` started by hand, claim the same way, so each
   check happens once.
3. The claimed targets are fetched in ONE Scrapy crawl (set up by
   ``monitor.crawl.plan_crawl``, run by ``monitor.daemon.crawls.bounded_crawl``),
   bounded by ``--crawl-timeout``; leases are renewed while it runs. A crawl
   past its timeout that does not stop records its unanswered targets as timeouts.
4. Each recorded target gets ``next_check_at`` = its job's next fire time, and
   its lease is released. A target that was not checked (shutdown) keeps its
   ``next_check_at``: it is still due, for the next daemon that looks.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.items import FetchedNotice
from crawler.middlewares import STOPPING_ERROR
from crawler.spiders.notices import new_crawl_id
from monitor.config import Watchlist
from monitor.crawl import plan_crawl
from monitor.daemon.crawls import CrawlResult, bounded_crawl, send_nothing_more
from monitor.daemon.leasing import LeaseKeeper, in_session
from monitor.daemon.metrics import Metrics
from monitor.record import Recorder, outcome_of
from monitor.targets import Target
from storage import leases
from storage.db import Database
from storage.models import utcnow

log = logging.getLogger("monitor.daemon")


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

    @property
    def robots_store(self) -> object:
        """robots.txt kept in the database: shared by every daemon on it (crawler.robots)."""
        return self.recorder.robots_store

    def process(self, notice: FetchedNotice) -> object:
        skipped = self._skipped(notice)
        return skipped if skipped is not None else self.recorder.process(notice)

    # Fetches that change nothing are recorded in batches (see crawler.pipelines); the
    # lease of such a target is released only after its batch is committed (on_result).
    def process_unless_quiet(self, notice: FetchedNotice) -> object:
        skipped = self._skipped(notice)
        return skipped if skipped is not None else self.recorder.process_unless_quiet(notice)

    def record_quiet(self, notices: Sequence[FetchedNotice]) -> list[object]:
        if self.closed.is_set():  # given up on: the targets stay due, nothing is recorded
            return [Skipped(n.target_id, "the crawl was abandoned") for n in notices]
        return list(self.recorder.record_quiet(notices))

    def _skipped(self, notice: FetchedNotice) -> Skipped | None:
        if self.closed.is_set():
            return Skipped(notice.target_id, "the crawl was abandoned")
        if notice.error is not None and (self.aborting.is_set() or notice.error == STOPPING_ERROR):
            return Skipped(notice.target_id, notice.error)
        return None


class Checks:
    """Batches, crawls and records the due targets of one daemon.

    The daemon owns it: it sets ``watchlist`` and ``targets`` (the enabled
    targets scheduled here), starts :meth:`run` on the event loop, and calls
    :meth:`begin_stop` then :meth:`drain` to shut down.
    """

    def __init__(
        self,
        database: Database,
        options: Any,
        metrics: Metrics,
        *,
        worker: str,
        next_run: Callable[[str], datetime | None],
        on_db_error: Callable[[str], None],
    ) -> None:
        self.database = database
        self.options = options
        self.metrics = metrics
        self.worker = worker
        self.next_run = next_run
        self.on_db_error = on_db_error
        self.watchlist: Watchlist | None = None
        self.targets: dict[str, Target] = {}
        self.stopping = False
        #: time.monotonic() by which a shutdown must be over.
        self.deadline: float | None = None
        self._due: dict[str, datetime] = {}
        self._lookouts: dict[str, asyncio.TimerHandle] = {}
        self._batches: set[asyncio.Task[None]] = set()
        self._aborting = threading.Event()
        # Made here, not in start(): a scheduled job may fire (mark_due) before the batcher
        # starts. asyncio's events bind to the running loop on first use, not at creation.
        self._wake = asyncio.Event()
        self._abort = asyncio.Event()

    def start(self) -> asyncio.Task[None]:
        """Start the batcher on the running loop; what fell due before it is crawled first."""
        self._slots = asyncio.Semaphore(max(1, self.options.max_crawls))
        return asyncio.ensure_future(self._batcher())

    @property
    def running(self) -> int:
        """Crawls running now."""
        return len(self._batches)

    async def mark_due(self, slug: str) -> None:
        """The job of every target: mark it due; the batcher claims and crawls it."""
        if self.stopping or slug not in self.targets:
            return
        self._due.setdefault(slug, utcnow())
        self._wake.set()

    def forget(self, slug: str) -> None:
        """``slug`` left the watchlist: no check of it starts any more."""
        self._due.pop(slug, None)
        handle = self._lookouts.pop(slug, None)
        if handle is not None:
            handle.cancel()

    # A target another daemon checks is planned by that daemon (``next_check_at``). Should that
    # daemon die, this one would only look again at its own next tick for the target: up to a
    # period late. So each job that finds the target planned elsewhere also looks again just
    # after that plan (and after any live lease ends): a dead daemon's targets are taken over
    # a few seconds after they fall due, not a period later.

    #: Recorded targets are released together, at most this long after the first (seconds).
    RELEASE_GATHER = 0.05

    #: Seconds after another daemon's planned check (or lease end) before looking again.
    LOOKOUT_MARGIN = 3.0

    def _watch_others(self, slugs: set[str]) -> None:
        task = asyncio.ensure_future(self._plan_lookouts(slugs))
        task.add_done_callback(_consume_quietly)

    async def _plan_lookouts(self, slugs: set[str]) -> None:
        planned = await in_session(self.database, leases.next_checks, slugs)
        held = await in_session(self.database, leases.holders, slugs)
        now = utcnow()
        loop = asyncio.get_running_loop()
        for slug in slugs:
            when = planned.get(slug)
            if slug in held:
                lease_end = held[slug][1]
                when = lease_end if when is None or lease_end > when else when
            own = self.next_run(slug)
            if when is None or self.stopping:
                continue
            look = (when - now).total_seconds() + self.LOOKOUT_MARGIN + self.options.batch_window
            if look <= 0 or (own is not None and now.timestamp() + look >= own.timestamp()):
                continue  # our own job looks soon enough
            previous = self._lookouts.pop(slug, None)
            if previous is not None:
                previous.cancel()
            self._lookouts[slug] = loop.call_later(look, self._lookout, slug)

    def _lookout(self, slug: str) -> None:
        self._lookouts.pop(slug, None)
        if not self.stopping and slug in self.targets:
            self._due.setdefault(slug, utcnow())
            self._wake.set()

    def abort(self) -> None:
        """Stop the running crawls now (fetched notices are still recorded; failures are not)."""
        self._aborting.set()
        self._abort.set()

    def begin_stop(self, deadline: float) -> None:
        """No new checks; running crawls go on until :meth:`drain` or :meth:`abort`."""
        self.stopping = True
        self.deadline = deadline
        self._wake.set()
        # Stopping means no new requests: pages under way finish, nothing else is sent.
        send_nothing_more()
        for handle in self._lookouts.values():
            handle.cancel()
        self._lookouts.clear()

    async def drain(self, patience: float) -> None:
        """Let running crawls finish for ``patience`` s, then stop them, up to the deadline."""
        running = len(self._batches)
        if self._batches:
            log.info("waiting for %d running crawl(s) to finish", running)
            await asyncio.wait(set(self._batches), timeout=patience)
        if self._batches:
            log.warning(
                "stopping %d crawl(s) that did not finish in %g s", len(self._batches), patience
            )
            self.abort()
            await asyncio.wait(set(self._batches), timeout=self._left(1.0))
        for task in list(self._batches):
            task.cancel()
        if self._batches:
            await asyncio.wait(set(self._batches), timeout=0.5)

    def _left(self, margin: float) -> float:
        assert self.deadline is not None
        return max(0.0, self.deadline - time.monotonic() - margin)

    async def _batcher(self) -> None:
        """Gather what falls due within the batching window, claim it, crawl it (up to max_crawls)."""
        while True:
            await self._wake.wait()
            if self.stopping:
                return
            await asyncio.sleep(self.options.batch_window)  # gather what falls due together
            self._wake.clear()
            while self._due and not self.stopping:
                await self._slots.acquire()
                if self.stopping:
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
                    self.on_db_error(f"claim failed: {exc}")
                    log.error("could not claim due targets (they stay due): %s", exc)
                    await asyncio.sleep(1.0)
                    continue
                missed = set(fired) - {c.slug for c in claims}
                if missed:
                    self._watch_others(missed)
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
        # Recorded targets are released together: quiet checks arrive in bursts (a batch
        # commit), and one transaction per target was a third of a quiet check's CPU.
        freed: dict[int, datetime | None] = {}
        flush: list[asyncio.TimerHandle] = []

        def release_freed() -> None:
            flush.clear()
            if freed:
                done = dict(freed)
                freed.clear()
                releases.add(asyncio.ensure_future(self._release(done)))

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
                    "shutting down" if self.stopping else result.reason,
                    extra={"event": "skipped", "crawl_id": crawl_id, "target": notice.target_id},
                )
                return
            recorded.add(notice.target_id)
            self._observe(crawl_id, notice, result, planned.get(notice.target_id))
            # Recorded: free it now (a hand recrawl need not wait for the rest of the batch),
            # with those recorded within the same RELEASE_GATHER seconds.
            keeper.drop([claim.id])
            freed[claim.id] = self.next_run(claim.slug)
            if not flush:
                flush.append(
                    asyncio.get_running_loop().call_later(self.RELEASE_GATHER, release_freed)
                )

        started = time.monotonic()
        outcome = CrawlResult(result="error")
        processor: _Processor | None = None
        assert self.watchlist is not None
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
            if outcome.result == "abandoned" and not self.stopping:
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
            for handle in flush:
                handle.cancel()
            release_freed()
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
            if self.deadline is not None:
                return max(0.0, self.deadline - time.monotonic() - 1.5)
            return min(slowest, 30.0, max(1.0, self.options.crawl_timeout))

        return bound


def _consume_quietly(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.debug("could not plan a look at other daemons' targets: %s", task.exception())
