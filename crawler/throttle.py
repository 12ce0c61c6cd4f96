"""Politeness per host without a fixed delay: a learned concurrency, and a pause on 429/503.

Scrapy's AutoThrottle starts every host at ``AUTOTHROTTLE_START_DELAY`` and lowers the
delay only on 200 responses (a small error page would otherwise look like a fast
server). A cycle of conditional requests answered ``304 Not Modified`` therefore never
gets faster than one page per start delay per host: 200 unchanged notices on one host
took 200 s. The delay there buys nothing a bound on concurrency does not already give.

``HostThrottle`` replaces it (``AUTOTHROTTLE_ENABLED = true`` brings Scrapy's back, and
this one then steps aside):

- Each host starts with ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight, with no
  delay between them (``DOWNLOAD_DELAY``, default 0, stays a floor), and learns its own
  bound within [1, ``NOTICEWATCH_MAX_PER_HOST``] from how it answers (``HostCapacity``),
  as a congestion controller does (TCP Vegas, the gradient limiters of service meshes):
  the fastest answer seen is the host's baseline; after each round of ``concurrency``
  answers, a round whose median stays within ``NOTICEWATCH_HOST_GROW_BELOW`` times the
  baseline gets one more request in flight, one above ``NOTICEWATCH_HOST_SHRINK_ABOVE``
  times it gets half, and so does a 5xx or a failed download (timeout, refused
  connection). A host whose latency grows with its load thus settles where it answers
  about as fast as unloaded; one that answers as fast at 16 as at 1 gets 16. Every
  answer counts, 304s too: an unchanged cycle costs what the network costs.
- A ``429`` or ``503`` (``NOTICEWATCH_BACKOFF_HTTP_CODES``) pauses the whole host: no
  request to it leaves before its ``Retry-After`` (up to ``NOTICEWATCH_RETRY_AFTER_MAX``
  seconds), or, without one, ``NOTICEWATCH_RETRY_BACKOFF`` seconds doubled with each
  further refusal, up to 30 s; its concurrency drops back to where it started. The
  retry of the refused page itself is the business of
  ``crawler.middlewares.PatientRetryMiddleware``, which reads the same settings.
- After the pause, requests go one at a time, the gap (at most
  ``NOTICEWATCH_RETRY_BACKOFF``) halved with each good answer, until it is back to the
  floor and the host has its concurrency again.

A host named in ``DOWNLOAD_SLOTS`` with its own ``concurrency`` never goes above it.
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.downloader import SENT_AT_META
from crawler.fingerprint import TARGET_ID_META
from crawler.middlewares import retry_after_seconds

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: A gap below this is no gap: the host is back to its full concurrency.
_MIN_GAP = 0.05
#: The longest pause without a Retry-After (as PatientRetryMiddleware's backoff).
_MAX_BACKOFF = 30.0
#: Request meta key set once a response arrived: a request leaving the downloader
#: without one failed (timeout, refused or reset connection).
_ANSWERED_META = "noticewatch_answered"


@dataclass(frozen=True)
class CapacityRules:
    """Where a host's concurrency starts, its bounds, and the latency ratios that move it."""

    start: int
    ceiling: int
    grow_below: float = 1.5
    shrink_above: float = 2.0
    floor: int = 1


@dataclass
class HostCapacity:
    """One host's bound on requests in flight: additive increase, multiplicative decrease.

    The signal is latency against the host's own baseline, not a fixed number of
    seconds: 300 ms is fast for one server and a queue for another. Decisions are
    taken per round (``concurrency`` answers), on the round's median, so a single slow
    answer (a new TLS connection, a large page) moves nothing. After a decrease, the
    answers to requests sent before it are not counted again: they say what the old
    concurrency did, which was already acted on.
    """

    rules: CapacityRules
    concurrency: int = 0
    #: The fastest answer seen (seconds): what the host costs when it is not loaded.
    baseline: float | None = None
    latencies: list[float] = field(default_factory=list)
    #: Requests sent before this (monotonic) time say nothing about the current bound.
    decreased_at: float = float("-inf")

    def __post_init__(self) -> None:
        if not self.concurrency:
            self.concurrency = self.rules.start

    def answered(self, latency: float, sent_at: float, now: float) -> None:
        """A good answer (any status but a 5xx) that took ``latency`` seconds."""
        self.baseline = latency if self.baseline is None else min(self.baseline, latency)
        if sent_at < self.decreased_at:
            return
        self.latencies.append(latency)
        if len(self.latencies) < self.concurrency:
            return
        typical = statistics.median(self.latencies)
        self.latencies.clear()
        if typical > self.rules.shrink_above * self.baseline:
            if self.concurrency <= self.rules.floor:
                # Slow even alone: the host got slower, or the baseline was a lucky
                # answer. Learn it again rather than stay at the floor for good.
                self.baseline = typical
            else:
                self._decrease(now)
        elif typical <= self.rules.grow_below * self.baseline:
            self.concurrency = min(self.concurrency + 1, self.rules.ceiling)

    def failed(self, sent_at: float, now: float) -> None:
        """A 5xx answer or a download that failed: the host is struggling."""
        if sent_at >= self.decreased_at:
            self._decrease(now)

    def refused(self, now: float) -> None:
        """A 429/503: the host said how much is too much; start over from the start."""
        self.concurrency = min(self.concurrency, self.rules.start)
        self.latencies.clear()
        self.decreased_at = now

    def _decrease(self, now: float) -> None:
        self.concurrency = max(self.concurrency // 2, self.rules.floor)
        self.latencies.clear()
        self.decreased_at = now


@dataclass
class _HostState:
    refusals: int = 0  # 429/503 answers since the host last answered well
    paused_until: float = 0.0  # monotonic time before which the host gets no request
    jitter: float = 0.0  # the slot's own jitter (DOWNLOAD_DELAY_JITTER), given back after


class HostThrottle:
    """Per-host learned concurrency, and pauses on 429/503 (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if settings.getbool("AUTOTHROTTLE_ENABLED") or not settings.getbool(
            "NOTICEWATCH_THROTTLE_ENABLED", True
        ):
            raise NotConfigured
        self.crawler = crawler
        self.codes = {int(c) for c in settings.getlist("NOTICEWATCH_BACKOFF_HTTP_CODES")}
        self.retry_after_max = settings.getfloat("NOTICEWATCH_RETRY_AFTER_MAX", 60.0)
        self.backoff = settings.getfloat("NOTICEWATCH_RETRY_BACKOFF", 1.0)
        self.floor = settings.getfloat("DOWNLOAD_DELAY")
        self.max_per_host = settings.getint("NOTICEWATCH_MAX_PER_HOST", 16)
        self.grow_below = settings.getfloat("NOTICEWATCH_HOST_GROW_BELOW", 1.5)
        self.shrink_above = settings.getfloat("NOTICEWATCH_HOST_SHRINK_ABOVE", 2.0)
        self.fixed_slots = {
            key
            for key, slot_settings in settings.getdict("DOWNLOAD_SLOTS").items()
            if "concurrency" in slot_settings
        }
        self.hosts: dict[str, _HostState] = {}
        self.capacities: dict[str, HostCapacity] = {}
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self._request_left, signal=signals.request_left_downloader)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostThrottle:
        return cls(crawler)

    def pause_for(self, response: Response, refusals: int) -> float:
        """How long the host answering ``response`` (its ``refusals``-th refusal) is left alone."""
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None:
            return min(asked, self.retry_after_max)
        return min(self.backoff * 2 ** min(refusals - 1, 16), _MAX_BACKOFF)

    def capacity(self, key: str, slot: Slot) -> HostCapacity:
        """The host's learned capacity, created from its slot's concurrency when first seen."""
        capacity = self.capacities.get(key)
        if capacity is None:
            start = slot.concurrency
            ceiling = start if key in self.fixed_slots else max(start, self.max_per_host)
            rules = CapacityRules(start, ceiling, self.grow_below, self.shrink_above)
            capacity = self.capacities[key] = HostCapacity(rules)
        return capacity

    def _spider_closed(self, **_: Any) -> None:
        for key, capacity in self.capacities.items():
            fastest = f"{capacity.baseline * 1000:.0f} ms" if capacity.baseline else "none"
            logger.info(
                "%s: %d requests in flight at the end (started at %d; fastest answer %s)",
                key,
                capacity.concurrency,
                capacity.rules.start,
                fastest,
            )

    def _slot(self, request: Request) -> tuple[str, Slot] | None:
        engine = self.crawler.engine
        key = request.meta.get("download_slot")
        slot = engine.downloader.slots.get(key) if engine is not None and key else None
        return None if slot is None else (key, slot)

    def _request_left(self, request: Request, **_: Any) -> None:
        # Sent for every request the downloader is done with, answered or not.
        meta = request.meta
        if meta.pop(_ANSWERED_META, False):
            return
        found = self._slot(request)
        if found is None:
            return
        key, slot = found
        capacity = self.capacity(key, slot)
        now = time.monotonic()
        capacity.failed(meta.get(SENT_AT_META, now), now)
        slot.concurrency = capacity.concurrency

    def _response_downloaded(self, response: Response, request: Request, **_: Any) -> None:
        # Sent by the downloader before it frees the slot and looks at its queue, so a
        # delay or concurrency set here applies to the very next request to the host.
        found = self._slot(request)
        if found is None:
            return
        key, slot = found
        request.meta[_ANSWERED_META] = True
        now = time.monotonic()
        capacity = self.capacity(key, slot)
        state = self.hosts.get(key)
        if response.status in self.codes:
            capacity.refused(now)
            slot.concurrency = capacity.concurrency
            state = self.hosts.setdefault(key, _HostState())
            state.refusals += 1
            if state.refusals == 1:
                state.jitter = slot.jitter
            pause = max(self.pause_for(response, state.refusals), self.floor)
            state.paused_until = max(state.paused_until, now + pause)
            # The downloader sends the host's next request ``delay`` after ``lastseen``,
            # exactly: a random jitter must not shorten what Retry-After asked.
            slot.delay, slot.lastseen, slot.jitter = state.paused_until - now, now, 0.0
            return
        sent_at = request.meta.get(SENT_AT_META, now)
        if response.status >= 500:
            capacity.failed(sent_at, now)
        elif TARGET_ID_META in request.meta:  # not robots.txt, often a fast static file
            # Time to the response headers where the HTTP handler measured it, else
            # (a page rendered in the browser) the whole download.
            latency = request.meta.get("download_latency", now - sent_at)
            capacity.answered(latency, sent_at, now)
        slot.concurrency = capacity.concurrency
        if state is None or now < state.paused_until:
            return  # no pause, or an answer to a request sent before the pause began
        state.refusals = 0
        gap = min(slot.delay / 2, self.backoff)
        if gap < max(_MIN_GAP, self.floor):
            slot.delay, slot.jitter = self.floor, state.jitter
            del self.hosts[key]
        else:
            slot.delay = gap
