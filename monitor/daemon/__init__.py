"""``noticewatch daemon``: scheduled checks, leases in the database, health and metrics.

- ``service``: the daemon's lifecycle (start, signals, reload, dispatcher thread, health,
  shutdown) and ``run_daemon``.
- ``scheduling``: the APScheduler jobs, one per target, and when each fires next.
- ``checks``: due targets batched, claimed, crawled, recorded and released.
- ``planning``: when each target's job fires (triggers, first runs after a restart).
- ``crawls``: one crawl with a bound on its duration, stoppable from outside.
- ``leasing``: lease renewal from the event loop, and the hand recrawl's wait.
- ``health``, ``metrics``, ``logs``: /healthz /readyz /metrics, Prometheus instruments, log formats.

Leases themselves (claim, renew, release) are storage code: ``storage.leases``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Daemon", "DaemonOptions", "run_daemon"]


def __getattr__(name: str) -> Any:
    # Lazy: the CLI imports monitor.daemon.health for its defaults; Scrapy loads only to run.
    if name in __all__:
        from monitor.daemon import service

        return getattr(service, name)
    raise AttributeError(name)
