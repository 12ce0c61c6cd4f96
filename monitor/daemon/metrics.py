"""The daemon's Prometheus instruments, in a registry of their own.

Counters and histograms count what *this* daemon did (sum them over a fleet).
Gauges read from the database — alerts by status, targets by status — describe
the whole database, so every daemon of a fleet reports the same values (take
``max``, not ``sum``). ``noticewatch_last_success_timestamp_seconds`` starts
from the database when the daemon starts, then follows this daemon's own
checks: over a fleet, ``max by (target)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from monitor.record import FetchOutcome

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

_DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)
_LAG_BUCKETS = (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600)


class Metrics:
    """Every instrument the daemon exports; ``render()`` is the /metrics body."""

    def __init__(self) -> None:
        # No ``*_created`` series next to every counter: noise for a long-lived process.
        disable_created_metrics()
        self.registry = CollectorRegistry(auto_describe=True)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        r = self.registry
        self.fetches = Counter(
            "noticewatch_fetches",
            "Checks recorded by this daemon, by outcome "
            "(new_version, unchanged, not_modified, reextracted, restored, anomaly, failed).",
            ["outcome"],
            registry=r,
        )
        self.versions = Counter(
            "noticewatch_versions",
            "New versions recorded, by the severity of the change that introduced them "
            "(first, material, editorial, reextraction).",
            ["severity"],
            registry=r,
        )
        self.changes = Counter(
            "noticewatch_changes",
            "Changes of what a notice says or reads (material, editorial).",
            ["severity"],
            registry=r,
        )
        self.crawls = Counter(
            "noticewatch_crawls",
            "Crawls run by this daemon, by result (completed, timeout, aborted, error).",
            ["result"],
            registry=r,
        )
        self.crawl_duration = Histogram(
            "noticewatch_crawl_duration_seconds",
            "Wall time of one crawl (a batch of due targets).",
            buckets=_DURATION_BUCKETS,
            registry=r,
        )
        self.crawl_targets = Histogram(
            "noticewatch_crawl_targets",
            "Targets per crawl.",
            buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
            registry=r,
        )
        self.lag = Histogram(
            "noticewatch_scheduling_lag_seconds",
            "Actual minus planned start of a check.",
            buckets=_LAG_BUCKETS,
            registry=r,
        )
        self.last_success = Gauge(
            "noticewatch_last_success_timestamp_seconds",
            "Unix time of the last check of a target that gave a usable answer.",
            ["target"],
            registry=r,
        )
        self.targets = Gauge(
            "noticewatch_targets",
            "Enabled targets in the database, by status (new, ok, failing, blocked).",
            ["status"],
            registry=r,
        )
        self.targets_failing = Gauge(
            "noticewatch_targets_failing",
            "Enabled targets failing or looking blocked (an open incident).",
            registry=r,
        )
        self.scheduled = Gauge(
            "noticewatch_scheduled_targets", "Targets with a job in this daemon.", registry=r
        )
        self.leased = Gauge(
            "noticewatch_leased_targets", "Targets this daemon is checking right now.", registry=r
        )
        self.alerts = Gauge(
            "noticewatch_alerts",
            "Alerts in the outbox, by status (pending, sending, sent, failed, dead).",
            ["status"],
            registry=r,
        )
        self.deliveries = Counter(
            "noticewatch_alert_deliveries",
            "Delivery attempts by this daemon's dispatcher, by result (sent, retried, failed, dead).",
            ["result"],
            registry=r,
        )
        self.reloads = Counter(
            "noticewatch_reloads",
            "Watchlist reloads, by result (ok, error).",
            ["result"],
            registry=r,
        )
        self.up_since = Gauge(
            "noticewatch_daemon_start_time_seconds", "When this daemon started.", registry=r
        )
        self.up_since.set_to_current_time()
        for name in ("new_version", "unchanged", "not_modified", "anomaly", "failed"):
            self.fetches.labels(name)
        for name in ("sent", "retried", "failed", "dead"):
            self.deliveries.labels(name)

    def observe_outcome(self, outcome: FetchOutcome, finished_at: float) -> None:
        self.fetches.labels(outcome.outcome).inc()
        if outcome.severity is not None and outcome.outcome in {
            "new_version",
            "reextracted",
            "restored",
        }:
            severity = str(getattr(outcome.severity, "value", outcome.severity))
            self.versions.labels(severity).inc()
            if severity in {"material", "editorial"}:
                self.changes.labels(severity).inc()
        if outcome.ok:
            self.last_success.labels(outcome.target_id).set(finished_at)

    def set_database_gauges(
        self,
        *,
        alerts: Mapping[str, int],
        targets: Mapping[str, int],
    ) -> None:
        for status in ("pending", "sending", "sent", "failed", "dead", *alerts):
            self.alerts.labels(status).set(alerts.get(status, 0))
        for status in ("new", "ok", "failing", "blocked", *targets):
            self.targets.labels(status).set(targets.get(status, 0))
        self.targets_failing.set(targets.get("failing", 0) + targets.get("blocked", 0))

    def forget_target(self, slug: str) -> None:
        """A target left the watchlist: stop exporting its series."""
        with contextlib.suppress(KeyError):
            self.last_success.remove(slug)

    def render(self) -> bytes:
        return generate_latest(self.registry)
