"""One crawl with an upper bound on its duration, stoppable from outside.

``crawler.runner.crawl`` runs a Scrapy crawl to its end and gives no handle on
it. The daemon needs one: a crawl that runs past ``--crawl-timeout``, or that
is still running when a shutdown's grace period is half over, is asked to stop
the way Scrapy stops (``Crawler.stop_async``: no new requests, in-flight
downloads end or time out, the item pipeline drains, so each notice that was
fetched is still recorded). Targets the crawl never reached come back from
``crawl`` as "not fetched" notices, which the processor decides about.

The handle is a tiny Scrapy extension, added through the crawl's settings,
that files its Crawler under the crawl id while the crawl runs. Cancelling the
asyncio task instead would interrupt Scrapy's engine half-way (it only handles
``Exception``) and leave its downloads running; a crawl that does not stop in
time is abandoned instead: it ends by itself when its downloads time out, and
the caller makes sure nothing it fetches late is recorded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler import runner
from crawler.guard import SHARED_CONNECTIONS_SETTING
from crawler.items import FetchedNotice, FetchRequest, NoticeProcessor
from crawler.middlewares import no_new_requests

log = logging.getLogger(__name__)

#: Setting naming the crawl for the CrawlHandle extension.
CRAWL_KEY_SETTING = "NOTICEWATCH_CRAWL_KEY"
_EXTENSION = f"{__name__}.CrawlHandle"

#: Live crawlers by crawl id (filled and emptied by CrawlHandle).
_LIVE: dict[str, Any] = {}


class CrawlHandle:
    """Scrapy extension: registers the running Crawler under its crawl id."""

    def __init__(self, crawler: Any) -> None:
        from scrapy import signals

        self.key: str | None = crawler.settings.get(CRAWL_KEY_SETTING)
        if self.key:
            _LIVE[self.key] = crawler
            # A bound method of an object the extension manager keeps alive (signals are weak refs).
            crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlHandle:
        return cls(crawler)

    def engine_stopped(self) -> None:
        if self.key:
            _LIVE.pop(self.key, None)


def send_nothing_more() -> int:
    """Every running crawl of this process stops sending requests (a shutdown began).

    Downloads under way finish; queued pages, retries and robots.txt requests are
    dropped (``crawler.middlewares.StopGuardMiddleware``). Returns how many crawls.
    """
    for crawler in list(_LIVE.values()):
        no_new_requests(crawler)
    return len(_LIVE)


@dataclass
class CrawlResult:
    pairs: list[tuple[FetchedNotice, object]] = field(default_factory=list)
    #: completed | timeout | aborted (asked to stop) | abandoned (did not stop in time) | error
    result: str = "completed"
    error: BaseException | None = None


async def bounded_crawl(
    requests: Sequence[FetchRequest],
    processor: NoticeProcessor,
    *,
    crawl_id: str,
    timeout: float,
    abort: asyncio.Event,
    stop_bound: float | Callable[[], float],
    settings: Mapping[str, Any] | None = None,
    on_result: runner.OnResult | None = None,
) -> CrawlResult:
    """Run one crawl; stop it after ``timeout`` s or when ``abort`` is set; give up ``stop_bound`` s later.

    ``stop_bound`` may be a function, asked when the stop begins (a shutdown's deadline moves closer).
    """
    overrides = dict(settings or {})
    extensions = dict(overrides.get("EXTENSIONS") or {})
    extensions[_EXTENSION] = 0
    overrides["EXTENSIONS"] = extensions
    overrides[CRAWL_KEY_SETTING] = crawl_id
    # One batch after another to the same sites: reuse the previous batches' connections.
    overrides.setdefault(SHARED_CONNECTIONS_SETTING, True)
    task = asyncio.ensure_future(
        runner.crawl(
            requests,
            processor,
            settings=overrides,
            crawl_id=crawl_id,
            on_result=on_result,
            keep_bodies=False,  # recorded already; the daemon holds no page past its check
        )
    )
    aborted = asyncio.ensure_future(abort.wait())
    try:
        done, _ = await asyncio.wait(
            {task, aborted}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        aborted.cancel()
    if task in done:
        return _finished(task, "completed")
    why = "aborted" if abort.is_set() else "timeout"
    crawler = _LIVE.get(crawl_id)
    log.warning(
        "crawl %s: %s; stopping it",
        crawl_id,
        "shutting down" if why == "aborted" else f"still running after {timeout:g} s",
        extra={"crawl_id": crawl_id, "event": "crawl_stopping", "reason": why},
    )
    if crawler is not None:
        no_new_requests(crawler)
        stopping = asyncio.ensure_future(crawler.stop_async())
        stopping.add_done_callback(_consume)
    bound = stop_bound() if callable(stop_bound) else stop_bound
    done, _ = await asyncio.wait({task}, timeout=max(0.0, bound))
    if task in done:
        return _finished(task, why)
    # Still not stopped (a download that takes its full timeout): leave it to end by itself in
    # the background. Cancelling would cut Scrapy's engine off half-way, downloads still running.
    task.add_done_callback(_consume)
    return CrawlResult(result="abandoned")


def _finished(task: asyncio.Future[Any], result: str) -> CrawlResult:
    try:
        return CrawlResult(pairs=list(task.result()), result=result)
    except Exception as exc:
        return CrawlResult(result="error", error=exc)


def _consume(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("stopping a crawl failed: %s", future.exception())
