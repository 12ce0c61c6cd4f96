"""The daemon's clock: one APScheduler job per enabled target, and when each will fire next.

A job only says "look at this target now" (it calls ``on_due(slug)``); the
database decides whether the target is really due (see ``planning`` for the
triggers and first runs, ``storage.leases`` for claims). :meth:`Jobs.apply`
makes the jobs match a watchlist — add, remove, reschedule — and
:meth:`Jobs.next_run` is what a finished check stores as its ``next_check_at``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from monitor.daemon.leasing import in_session
from monitor.daemon.planning import plan
from monitor.schedule import parse_schedule
from monitor.targets import Target
from storage import leases
from storage.db import Database
from storage.models import utcnow


@dataclass(frozen=True, slots=True)
class Applied:
    """What :meth:`Jobs.apply` changed."""

    added: int = 0
    removed: list[str] = field(default_factory=list)
    changed: int = 0


class Jobs:
    """APScheduler (``AsyncIOScheduler`` on the reactor's asyncio loop) with one job per target."""

    def __init__(
        self,
        database: Database,
        on_due: Callable[[str], Awaitable[None]],
        *,
        spread: float,
        rng: random.Random | None = None,
    ) -> None:
        self.database = database
        self.on_due = on_due
        self.spread = spread
        self.rng = rng or random.Random()
        self._scheduler: Any = None
        #: slug -> the schedule its job was made for.
        self._schedules: dict[str, str] = {}
        self._jobs: dict[str, Any] = {}

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
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

    def shutdown(self) -> None:
        with contextlib.suppress(Exception):
            self._scheduler.shutdown(wait=False)

    @property
    def running(self) -> bool:
        return bool(self._scheduler is not None and self._scheduler.running)

    def __len__(self) -> int:
        return len(self._schedules)

    def __contains__(self, slug: object) -> bool:
        return slug in self._schedules

    async def apply(self, wanted: Mapping[str, Target]) -> Applied:
        """Make the jobs match ``wanted`` (enabled targets by id); all or nothing.

        Every new or changed target is planned before any job is touched, so a
        schedule that cannot be planned raises with the jobs exactly as they were.
        """
        stored = await in_session(self.database, leases.next_checks, list(wanted))
        now = utcnow()
        removed = [slug for slug in self._schedules if slug not in wanted]
        plans: dict[str, Any] = {}
        for slug, target in wanted.items():
            if self._schedules.get(slug) == target.schedule:
                continue
            plans[slug] = plan(
                parse_schedule(target.schedule),
                stored.get(slug),
                now,
                spread=self.spread,
                rng=self.rng,
            )
        for slug in removed:
            self._remove(slug)
        added = changed = 0
        bring_forward: dict[str, datetime] = {}
        for slug, p in plans.items():
            if slug in self._schedules:
                changed += 1
                self._remove(slug)
            else:
                added += 1
            self._jobs[slug] = self._scheduler.add_job(
                self.on_due,
                trigger=p.trigger,
                args=[slug],
                id=slug,
                name=slug,
                next_run_time=p.first_run,
                replace_existing=True,
            )
            self._schedules[slug] = wanted[slug].schedule
            if p.store_next is not None:
                bring_forward[slug] = p.store_next
        if bring_forward:
            await in_session(self.database, leases.bring_forward, bring_forward)
        return Applied(added=added, removed=removed, changed=changed)

    def _remove(self, slug: str) -> None:
        self._schedules.pop(slug, None)
        self._jobs.pop(slug, None)
        with contextlib.suppress(Exception):
            self._scheduler.remove_job(slug)

    def next_run(self, slug: str) -> datetime | None:
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
