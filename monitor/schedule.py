"""When a target is checked: a fixed interval ("6h") or a cron expression.

Parsed once when the watchlist is loaded so a typo is a config error, not a
daemon that silently never runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_INTERVAL = re.compile(r"(\d+)\s*([smhdw])")


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
        seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _INTERVAL.findall(compact))
        if seconds <= 0:
            raise ValueError(f"interval must be positive, got {text!r}")
        return Schedule(text=raw, interval_seconds=seconds)
    expr = raw.removeprefix("cron:").strip()
    if len(expr.split()) != 5:
        raise ValueError(
            f"{text!r} is neither an interval such as '6h', '30m', '1h30m' "
            "nor a 5-field cron expression such as '0 */6 * * *'"
        )
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"invalid cron expression {expr!r}: {exc}") from None
    return Schedule(text=raw, cron=expr)
