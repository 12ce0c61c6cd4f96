"""Scrapy's downloader, with its per-host bound on requests in flight kept in a burst.

Scrapy 2.19's ``Downloader._process_queue`` starts each download as an asyncio task
and counts it in ``slot.transferring`` only once that task runs. A burst of requests
reaching one slot in the same loop iteration (the pages of a site released together
when its robots.txt arrives, or a crawl starting) all see free transfer slots: measured
here, ``CONCURRENT_REQUESTS_PER_DOMAIN = 2`` let 8 or 9 requests hit one host at once.
``BoundedDownloader`` counts a request as transferring the moment it leaves the slot's
queue (``_download`` adds it again, harmlessly, and removes it when done), so the bound
holds: ``tests/test_crawler.py`` checks it on the server's side. The bound is the slot's
``concurrency``, which ``crawler.throttle.HostThrottle`` moves per host while the crawl
runs: a lower one lets nothing leave until enough answers came back, a higher one lets
the next requests go as soon as an answer frees the slot.
"""

from __future__ import annotations

from time import monotonic

from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro

#: Request meta key: when the request left its slot for the host (``time.monotonic``), so
#: ``crawler.throttle`` can tell answers to requests sent before it changed a host's bound.
SENT_AT_META = "noticewatch_sent_at"


class BoundedDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return  # processing resumes when slot.latercall fires
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # now, not when the download task starts
            request.meta[SENT_AT_META] = now
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay: no burst
                self._process_queue(slot)
                break
