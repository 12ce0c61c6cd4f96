"""When the daemon looks at each target: APScheduler triggers and first runs, as plain functions.

Two rules shape this module.

- **The database says when a check is due.** ``targets.next_check_at`` is the
  planned time of the next check; the in-process APScheduler job only says
  "look at this target now". When a daemon finishes a check it stores its own
  job's next fire time as ``next_check_at``, so its job fires exactly when the
  target falls due again, while other daemons (whose jobs fire at other
  moments) find it not yet due or leased, and leave it.
- **Restarts and new targets never fire everything at once.** A job's first
  run is the stored ``next_check_at`` when that is still ahead (so a restart
  does not recrawl what was just checked); a target never checked, or overdue
  because the daemon was down, runs once soon, at a random moment within
  ``spread`` seconds (capped at its period), and keeps that phase afterwards.

APScheduler 3's ``IntervalTrigger`` adds its jitter to the previous *jittered*
fire time, so the phase drifts by half the jitter every period (a "6h" target
would be checked every 6h09 on average). ``SteadyIntervalTrigger`` jitters each
slot of a fixed grid instead: targets still do not fire in lockstep, and the
interval stays the interval.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.schedule import Schedule

#: Jitter is this share of a target's period ...
JITTER_SHARE = 0.1
#: ... but never more than this many seconds.
MAX_JITTER_SECONDS = 300.0
#: Default window over which first checks (new or overdue targets) are spread.
DEFAULT_SPREAD_SECONDS = 300.0


class SteadyIntervalTrigger(IntervalTrigger):
    """Fire at ``start + k * interval + U(0, jitter)``: jitter per slot, no drift."""

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        start = self.start_date.timestamp()
        length = self.interval_length
        if previous_fire_time is not None:
            # The slot after the one the previous (jittered) fire belonged to.
            slot = math.floor((previous_fire_time.timestamp() - start) / length + 1e-9) + 1
        else:
            slot = max(0, math.ceil((now.timestamp() - start) / length - 1e-9))
        fire = start + slot * length
        if self.jitter:
            fire += random.uniform(0, self.jitter)
        if self.end_date and fire > self.end_date.timestamp():
            return None
        return datetime.fromtimestamp(fire, tz=self.timezone)

    def __str__(self) -> str:
        return f"steady interval[{self.interval!s}, jitter {self.jitter or 0:g}s]"


@dataclass(frozen=True, slots=True)
class Plan:
    """How one target's job starts."""

    trigger: BaseTrigger
    #: The job's first fire time (no jitter added: it is already a planned time or a random one).
    first_run: datetime
    #: Write this as ``next_check_at`` (the stored one is further than the schedule allows
    #: now, e.g. the schedule was shortened); None: leave the stored value.
    store_next: datetime | None = None


def period_seconds(schedule: Schedule, now: datetime) -> float:
    """The interval, or for a cron schedule the gap between its next two fire times."""
    if schedule.interval_seconds is not None:
        return float(schedule.interval_seconds)
    assert schedule.cron is not None
    cron = CronTrigger.from_crontab(schedule.cron, timezone=UTC)
    first = cron.get_next_fire_time(None, now)
    if first is None:  # pragma: no cover - a 5-field crontab always fires again
        return 86400.0
    second = cron.get_next_fire_time(first, first + timedelta(microseconds=1))
    return (second - first).total_seconds() if second else 86400.0


def jitter_seconds(schedule: Schedule, now: datetime) -> float:
    """A tenth of the period, at most five minutes."""
    return min(JITTER_SHARE * period_seconds(schedule, now), MAX_JITTER_SECONDS)


def build_trigger(schedule: Schedule, *, start: datetime, now: datetime) -> BaseTrigger:
    """The APScheduler trigger of ``schedule``, with its grid starting at ``start`` (intervals)."""
    jitter = jitter_seconds(schedule, now)
    if schedule.interval_seconds is not None:
        return SteadyIntervalTrigger(
            seconds=schedule.interval_seconds, start_date=start, timezone=UTC, jitter=jitter
        )
    assert schedule.cron is not None
    trigger = CronTrigger.from_crontab(schedule.cron, timezone=UTC)
    trigger.jitter = jitter  # from_crontab takes no jitter argument
    return trigger


def plan(
    schedule: Schedule,
    stored_next: datetime | None,
    now: datetime,
    *,
    spread: float = DEFAULT_SPREAD_SECONDS,
    rng: random.Random | None = None,
) -> Plan:
    """When a target's job first runs, given the ``next_check_at`` the database remembers."""
    rng = rng or random.Random()
    period = period_seconds(schedule, now)
    horizon = now + timedelta(seconds=period + jitter_seconds(schedule, now))
    if stored_next is not None and now < stored_next <= horizon:
        first = stored_next
        store = None
    else:
        first = now + timedelta(seconds=rng.uniform(0, max(0.0, min(spread, period))))
        # Overdue or never planned: due now for every claimer. Too far ahead: bring it forward.
        store = first if stored_next is not None and stored_next > now else None
    return Plan(
        trigger=build_trigger(schedule, start=first, now=now), first_run=first, store_next=store
    )
