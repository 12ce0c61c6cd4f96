"""When a target is checked: a fixed interval ("6h") or a cron expression.

Parsed once when the watchlist is loaded so a typo is a config error, not a
daemon that silently never runs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_INTERVAL = re.compile(r"(\d+)\s*([smhdw])")

#: The shortest interval a target may be checked at (a politeness floor, and the daemon's grain).
MIN_INTERVAL_SECONDS = 60
#: Lowers the minimum, for tests and soak benchmarks only (seconds, at least 1).
MIN_INTERVAL_ENV = "NOTICEWATCH_MIN_INTERVAL"
#: The longest: a check at least once a year. Cron lines must also fire at least once a year.
MAX_INTERVAL_SECONDS = 366 * 86400


@dataclass(frozen=True, slots=True)
class Schedule:
    """Either ``interval_seconds`` or ``cron`` (a 5-field crontab line) is set."""

    text: str
    interval_seconds: int | None = None
    cron: str | None = None


def parse_schedule(text: str) -> Schedule:
    """Parse "6h", "1h30m", "90s", "1d" or "cron: 0 */6 * * *" (the "cron:" prefix is optional).

    Raises ValueError with a message meant for the user.
    """
    raw = text.strip()
    compact = raw.replace(" ", "").lower()
    if re.fullmatch(r"(?:\d+[smhdw])+", compact):
        if len(compact) > 40:
            raise ValueError(f"interval {text!r} is too long to be a schedule")
        seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _INTERVAL.findall(compact))
        if not _min_interval() <= seconds <= MAX_INTERVAL_SECONDS:
            raise ValueError(
                f"interval {text!r} is out of range: between {_label(_min_interval())} and 366d "
                "(at most once a minute, at least once a year)"
            )
        return Schedule(text=raw, interval_seconds=seconds)
    expr = raw.removeprefix("cron:").strip()
    if len(expr.split()) != 5:
        raise ValueError(
            f"{text!r} is neither an interval such as '6h', '30m', '1h30m' "
            "nor a 5-field cron expression such as '0 */6 * * *'"
        )
    from apscheduler.triggers.cron import CronTrigger

    try:
        trigger = CronTrigger.from_crontab(expr, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"invalid cron expression {expr!r}: {exc}") from None
    if not _fires_yearly(trigger):
        raise ValueError(
            f"cron expression {expr!r} does not fire at least once a year "
            "(a date that does not exist, or only in leap years?)"
        )
    return Schedule(text=raw, cron=expr)


def _min_interval() -> int:
    raw = os.environ.get(MIN_INTERVAL_ENV, "")
    return max(1, int(raw)) if raw.isdigit() else MIN_INTERVAL_SECONDS


def _label(seconds: int) -> str:
    return f"{seconds // 60}m" if seconds % 60 == 0 else f"{seconds}s"


def _fires_yearly(trigger: object) -> bool:
    """True when the next two firings from now are each within a year of the one before."""
    from datetime import UTC, datetime, timedelta

    limit = timedelta(seconds=MAX_INTERVAL_SECONDS)
    previous = None
    when = datetime.now(UTC)
    for _ in range(2):
        fire = trigger.get_next_fire_time(previous, when)  # type: ignore[attr-defined]
        if fire is None or fire - when > limit:
            return False
        previous, when = fire, fire + timedelta(seconds=1)
    return True
