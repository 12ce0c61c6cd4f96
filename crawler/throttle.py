"""Politeness per host without a fixed delay: bounded concurrency, and a pause on 429/503.

Scrapy's AutoThrottle starts every host at ``AUTOTHROTTLE_START_DELAY`` and lowers the
delay only on 200 responses (a small error page would otherwise look like a fast
server). A cycle of conditional requests answered ``304 Not Modified`` therefore never
gets faster than one page per start delay per host: 200 unchanged notices on one host
took 200 s. The delay there buys nothing a bound on concurrency does not already give.

``HostThrottle`` replaces it (``AUTOTHROTTLE_ENABLED = true`` brings Scrapy's back, and
this one then steps aside):

- At most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests are in flight per host, with no
  delay between them (``DOWNLOAD_DELAY``, default 0, stays a floor). A bound on requests
  in flight adapts to the host by itself: a host answering in 2 s gets a twentieth of
  the requests per second of one answering in 100 ms. Every answer counts, 304s too.
- A ``429`` or ``503`` (``NOTICEWATCH_BACKOFF_HTTP_CODES``) pauses the whole host: no
  request to it leaves before its ``Retry-After`` (up to ``NOTICEWATCH_RETRY_AFTER_MAX``
  seconds), or, without one, ``NOTICEWATCH_RETRY_BACKOFF`` seconds doubled with each
  further refusal, up to 30 s. The retry of the refused page itself is the business of
  ``crawler.middlewares.PatientRetryMiddleware``, which reads the same settings.
- After the pause, requests go one at a time, the gap (at most
  ``NOTICEWATCH_RETRY_BACKOFF``) halved with each good answer, until it is back to the
  floor and the host has its full concurrency again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.middlewares import retry_after_seconds

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

#: A gap below this is no gap: the host is back to its full concurrency.
_MIN_GAP = 0.05
#: The longest pause without a Retry-After (as PatientRetryMiddleware's backoff).
_MAX_BACKOFF = 30.0


@dataclass
class _HostState:
    refusals: int = 0  # 429/503 answers since the host last answered well
    paused_until: float = 0.0  # monotonic time before which the host gets no request
    jitter: float = 0.0  # the slot's own jitter (DOWNLOAD_DELAY_JITTER), given back after


class HostThrottle:
    """Per-host pauses on 429/503 and no delay otherwise (see the module docstring)."""

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
        self.hosts: dict[str, _HostState] = {}
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostThrottle:
        return cls(crawler)

    def pause_for(self, response: Response, refusals: int) -> float:
        """How long the host answering ``response`` (its ``refusals``-th refusal) is left alone."""
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None:
            return min(asked, self.retry_after_max)
        return min(self.backoff * 2 ** min(refusals - 1, 16), _MAX_BACKOFF)

    def _response_downloaded(self, response: Response, request: Request, **_: Any) -> None:
        # Sent by the downloader before it frees the slot and looks at its queue, so a
        # delay set here applies to the very next request to the host.
        engine = self.crawler.engine
        key = request.meta.get("download_slot")
        slot = engine.downloader.slots.get(key) if engine is not None and key else None
        if slot is None:
            return
        now = time.monotonic()
        state = self.hosts.get(key)
        if response.status in self.codes:
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
        if state is None or now < state.paused_until:
            return  # no pause, or an answer to a request sent before the pause began
        state.refusals = 0
        gap = min(slot.delay / 2, self.backoff)
        if gap < max(_MIN_GAP, self.floor):
            slot.delay, slot.jitter = self.floor, state.jitter
            del self.hosts[key]
        else:
            slot.delay = gap
