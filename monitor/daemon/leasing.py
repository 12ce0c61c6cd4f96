"""Holding target leases from the event loop: renewal while working, and the hand recrawl's wait.

``LeaseKeeper`` renews a set of leases every third of their length while a
crawl runs, so a lease can be short (a dead holder is replaced soon) and a
crawl long. Database calls run in worker threads, never on the event loop.

``hold_for_recrawl`` is what ``noticewatch recrawl`` does before fetching: it
leases the targets it was asked to check. A target another worker (a daemon)
is checking at that moment is waited for, up to ``wait`` seconds; when that
check ends, its recorded result is reported instead of fetching the page a
second time. A target still busy after the wait is reported as "busy: being
checked by <worker>" and not fetched. Either way no page is fetched by two
processes at once, and a page just checked is not fetched again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from monitor.record import FetchOutcome
from monitor.targets import Target
from storage import leases, repo
from storage.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Lease of a hand recrawl (renewed while it runs).
RECRAWL_LEASE_SECONDS = 120.0
#: How long a hand recrawl waits for a target another worker is checking.
DEFAULT_RECRAWL_WAIT = 60.0
_POLL_SECONDS = 0.25

#: Leases of hand recrawls running in this process: released by ``release_interrupted``.
_HELD: dict[str, Database] = {}


def release_interrupted() -> int:
    """Release every lease of this process's hand recrawls, now, without an event loop.

    For an interrupted recrawl (SIGINT, SIGTERM): the reactor stopped and the
    recrawl's own clean-up will never run. Returns how many leases were released.
    """
    released = 0
    for worker, database in list(_HELD.items()):
        try:
            with database.session() as session:
                released += leases.release_all(session, worker=worker)
        except Exception as exc:  # the lease ends by itself after RECRAWL_LEASE_SECONDS
            log.warning("could not release the leases of %s: %s", worker, exc)
        _HELD.pop(worker, None)
    return released


async def in_session(database: Database, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work(session, *args, **kwargs)`` in one transaction, in a worker thread."""

    def run() -> T:
        with database.session() as session:
            return work(session, *args, **kwargs)

    return await asyncio.to_thread(run)


class LeaseKeeper:
    """Renews ``claims`` of ``worker`` until ``stop()``; ``lost`` holds ids another worker took."""

    def __init__(
        self,
        database: Database,
        claims: Sequence[leases.Claim],
        *,
        worker: str,
        lease_seconds: float,
        label: str = "",
    ) -> None:
        self.database = database
        self.ids = {c.id for c in claims}
        self.slugs = {c.id: c.slug for c in claims}
        self.worker = worker
        self.lease_seconds = lease_seconds
        self.label = label
        self.lost: set[int] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> LeaseKeeper:
        if self.ids:
            self._task = asyncio.ensure_future(self._run())
        return self

    def drop(self, ids: Sequence[int]) -> None:
        """Stop renewing these (their check is recorded and they are about to be released)."""
        self.ids.difference_update(ids)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        period = max(0.2, self.lease_seconds / 3)
        while True:
            await asyncio.sleep(period)
            wanted = set(self.ids) - self.lost
            if not wanted:
                continue
            try:
                held = await in_session(
                    self.database,
                    leases.renew,
                    wanted,
                    worker=self.worker,
                    lease_seconds=self.lease_seconds,
                )
            except Exception as exc:  # the database is away: the next round may succeed
                log.warning("%scould not renew leases: %s", self.label, exc)
                continue
            for target_id in wanted - held:
                self.lost.add(target_id)
                log.warning(
                    "%slease on %s lost (held too long without renewal); another worker may check it",
                    self.label,
                    self.slugs.get(target_id, target_id),
                    extra={"target": self.slugs.get(target_id), "worker": self.worker},
                )


# --------------------------------------------------------------------------- hand recrawl


@dataclass
class RecrawlHold:
    """What ``hold_for_recrawl`` got: targets to fetch, and outcomes for the others."""

    worker: str
    #: Leased by this recrawl: fetch these.
    targets: list[Target] = field(default_factory=list)
    #: Not fetched here: checked meanwhile by another worker, or still busy.
    others: dict[str, FetchOutcome] = field(default_factory=dict)
    claims: list[leases.Claim] = field(default_factory=list)

    def merge(self, order: Sequence[Target], fetched: Sequence[FetchOutcome]) -> list[FetchOutcome]:
        """All outcomes in the order the targets were asked for."""
        by_id = {o.target_id: o for o in fetched} | self.others
        return [by_id[t.id] for t in order if t.id in by_id]


@contextlib.asynccontextmanager
async def hold_for_recrawl(
    database: Database,
    targets: Sequence[Target],
    *,
    wait: float = DEFAULT_RECRAWL_WAIT,
    lease_seconds: float = RECRAWL_LEASE_SECONDS,
) -> AsyncIterator[RecrawlHold]:
    """Lease ``targets`` for a hand recrawl (see the module doc); released when the block ends."""
    hold = RecrawlHold(worker=leases.worker_id("recrawl"))
    _HELD[hold.worker] = database
    wanted = {t.id: t for t in targets}
    deadline = time.monotonic() + max(0.0, wait)
    announced: set[str] = set()
    pending = set(wanted)
    # Each target's newest fetch now: a newer one later is a check done by someone else meanwhile.
    before = await in_session(database, leases.last_fetch_ids, pending) if pending else {}
    while pending:
        claims = await in_session(
            database, leases.claim, pending, worker=hold.worker, lease_seconds=lease_seconds
        )
        if claims:
            # Checked by another worker since we started (we waited for it): report, do not refetch.
            done = await in_session(
                database, _checked_since, {c.slug: before[c.slug] for c in claims}
            )
            for c in claims:
                pending.discard(c.slug)
                if c.slug in done:
                    hold.others[c.slug] = done[c.slug]
                    log.info("%s: checked by another worker while this recrawl waited", c.slug)
                else:
                    hold.claims.append(c)
            spare = {c.id: leases.KEEP for c in claims if c.slug in done}
            if spare:
                await in_session(database, leases.release, spare, worker=hold.worker)
        if not pending:
            break
        busy = await in_session(database, leases.holders, pending)
        if time.monotonic() >= deadline:
            for slug in sorted(pending):
                worker = busy.get(slug, ("another worker", None))[0]
                hold.others[slug] = FetchOutcome(
                    target_id=slug, outcome="busy", reason=f"being checked by {worker}"
                )
            break
        for slug in sorted(set(busy) - announced):
            announced.add(slug)
            log.info("%s is being checked by %s; waiting (up to %.0f s)", slug, busy[slug][0], wait)
        await asyncio.sleep(_POLL_SECONDS)
    held = {c.slug for c in hold.claims}
    hold.targets = [t for t in targets if t.id in held]
    keeper = LeaseKeeper(
        database, hold.claims, worker=hold.worker, lease_seconds=lease_seconds, label="recrawl: "
    ).start()
    try:
        yield hold
    finally:
        await keeper.stop()
        if hold.claims:
            # A hand check does not move the schedule: next_check_at stays as the daemon planned it.
            await in_session(
                database,
                leases.release,
                {c.id: leases.KEEP for c in hold.claims},
                worker=hold.worker,
            )
        _HELD.pop(hold.worker, None)


def _checked_since(session: Any, since: dict[str, int]) -> dict[str, FetchOutcome]:
    """The outcome of each target's fetch recorded after fetch id ``since[slug]``, if there is one."""
    found: dict[str, FetchOutcome] = {}
    # One query for all (the usual answer: none was checked meanwhile), then the few.
    newest = leases.last_fetch_ids(session, since.keys())
    for slug, last_id in since.items():
        if newest.get(slug, 0) <= last_id:
            continue
        row = repo.get_target(session, slug)
        fetch = repo.last_fetch(session, row.id) if row is not None else None
        if fetch is None or fetch.id <= last_id:
            continue
        found[slug] = _outcome_of(session, slug, fetch)
    return found


def _outcome_of(session: Any, slug: str, fetch: Any) -> FetchOutcome:
    from monitor.model import Severity

    version = fetch.version
    severity = summary = None
    if version is not None and fetch.outcome in {
        "new_version",
        "reextracted",
        "restored",
        "accepted",
    }:
        change = repo.change_for_version(session, version)
        if change is not None:
            severity, summary = Severity(change.severity), change.summary
    return FetchOutcome(
        target_id=slug,
        outcome=fetch.outcome,
        http_status=fetch.http_status,
        version=version.number if version is not None else None,
        severity=severity,
        summary=summary or "",
        reason=fetch.error,
        duration_ms=fetch.duration_ms or 0.0,
    )
