"""Run crawls in-process, for the CLI, the daemon and the demo.

One process, one Twisted reactor, many crawls: a stopped reactor cannot be
restarted, so ``crawl`` never starts or stops it. It expects Twisted's
AsyncioSelectorReactor to be installed and running, and runs one Scrapy crawl
(a Scrapy ``Crawler`` of its own) each time it is awaited; call it as often as you like
(sequentially or concurrently) on that reactor's asyncio loop. Command-line tools
get there with ``run_sync``; the daemon installs the reactor and runs its
scheduler on the reactor's loop.

Logging: the runner never installs a root handler (Scrapy's Crawler does not
either). It sets the level of the ``scrapy`` logger to the crawl's LOG_LEVEL
(WARNING unless overridden), so a CLI without logging configuration shows only
warnings, and an application that configures logging still chooses its handlers.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from scrapy.addons import AddonManager
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from crawler.items import FetchedNotice, FetchRequest, NoticeProcessor
from crawler.pipelines import notice_processed, process_notice
from crawler.settings import apply_contact_url
from crawler.spiders.notices import NoticeSpider, new_crawl_id

T = TypeVar("T")

logger = logging.getLogger(__name__)

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

#: While the reactor runs (``run_sync``), the youngest generation of the cyclic garbage
#: collector is collected every this many net allocations (Python's default: 700).
YOUNG_COLLECTION_EVERY = 5_000

#: LOG_LEVEL of crawls run by this module unless the caller overrides it.
DEFAULT_LOG_LEVEL = "WARNING"

OnResult = Callable[[FetchedNotice, object], None]


def crawl_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings (crawler.settings) plus ``overrides``, wherever the cwd is."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("LOG_LEVEL", DEFAULT_LOG_LEVEL, priority="project")
    if overrides:
        settings.update(dict(overrides), priority="cmdline")
    apply_contact_url(settings)
    return settings


def new_crawler(settings: Settings) -> Crawler:
    """A Crawler of the one spider, made without an ``AsyncCrawlerRunner``.

    The runner only keeps track of the crawls it starts, and each new one deep-copies
    the settings to build a spider loader: with the Crawler's own copy, two deep copies
    of ~400 settings per crawl, about a third of the CPU of a daemon batch of 15 pages
    that answer 304. The runner's reactor check and its add-on hook are kept here.
    """
    from scrapy.utils.reactor import is_asyncio_reactor_installed

    if settings.getbool("TWISTED_REACTOR_ENABLED", True) and not is_asyncio_reactor_installed():
        raise RuntimeError(f"a crawl needs the Twisted reactor {ASYNCIO_REACTOR}, installed")
    AddonManager.load_pre_crawler_settings(settings)
    return Crawler(NoticeSpider, settings)


class _Results:
    """Collects (notice, result) pairs in request order as the pipeline reports them.

    Connected to a Scrapy signal, whose receivers are weak references: this object
    lives in ``crawl``'s frame for the whole crawl, so its bound method stays alive.
    """

    def __init__(
        self, requests: Sequence[FetchRequest], on_result: OnResult | None, *, keep_bodies: bool
    ) -> None:
        self.pairs: list[tuple[FetchedNotice, object] | None] = [None] * len(requests)
        self._keep_bodies = keep_bodies
        self._waiting: dict[str, deque[int]] = {}
        for index, request in enumerate(requests):
            self._waiting.setdefault(request.target.id, deque()).append(index)
        self._on_result = on_result

    def received(self, notice: FetchedNotice, result: object, index: int | None = None) -> None:
        waiting = self._waiting.get(notice.target_id)
        if index is None or waiting is None or index not in waiting:
            if not waiting:
                logger.warning("ignoring an unexpected notice for %s", notice.target_id)
                return
            index = waiting[0]
        waiting.remove(index)
        if self._on_result is not None:
            try:
                self._on_result(notice, result)
            except Exception:
                logger.exception("on_result callback failed for %s", notice.target_id)
        if not self._keep_bodies and notice.body:
            notice = replace(notice, body=b"")
        self.pairs[index] = (notice, result)

    def missing(self) -> list[int]:
        return [i for i, pair in enumerate(self.pairs) if pair is None]


async def crawl(
    requests: Sequence[FetchRequest],
    processor: NoticeProcessor,
    *,
    settings: Mapping[str, Any] | None = None,
    crawl_id: str | None = None,
    on_result: OnResult | None = None,
    keep_bodies: bool = True,
) -> list[tuple[FetchedNotice, object]]:
    """Fetch ``requests`` in one Scrapy crawl; return (notice, processor result) in request order.

    Without ``keep_bodies`` the returned notices carry no body: the processor has stored
    it already, and a crawl of thousands of pages would otherwise hold every page in
    memory to its end (200 MB at 2,000 notices of 100 KB).

    Every request yields exactly one pair: a request the crawl did not complete (the
    crawl was stopped, a spider callback failed) gets a FetchedNotice with an error,
    processed like the others. ``on_result`` is called on the reactor thread as each
    pair arrives. Requires the asyncio reactor to be installed and running (see
    ``run_sync``); must be awaited on its loop.
    """
    requests = list(requests)
    if not requests:
        return []
    crawl_id = crawl_id or new_crawl_id()
    crawl_conf = crawl_settings(settings)
    logging.getLogger("scrapy").setLevel(crawl_conf.get("LOG_LEVEL"))
    crawler = new_crawler(crawl_conf)
    results = _Results(requests, on_result, keep_bodies=keep_bodies)
    crawler.signals.connect(results.received, signal=notice_processed)
    await crawler.crawl_async(fetch_requests=requests, crawl_id=crawl_id, processor=processor)

    missing = results.missing()
    if missing:
        try:
            reason = crawler.stats.get_value("finish_reason")
        except AttributeError:
            reason = None
        for index in missing:
            target = requests[index].target
            notice = FetchedNotice.unanswered(
                target,
                crawl_id=crawl_id,
                error=f"not fetched: the crawl ended first (finish reason: {reason or 'unknown'})",
                error_kind="other",
            )
            results.received(notice, await process_notice(processor, notice), index)
    return [pair for pair in results.pairs if pair is not None]


_ran = False


def run_sync(main: Callable[[], Awaitable[T]], *, install_signal_handlers: bool = True) -> T:
    """Install the asyncio reactor, run ``main()`` on it, stop it; return or raise its outcome.

    For process entry points only, and at most once per process: a stopped
    Twisted reactor cannot start again (long-lived processes such as the daemon
    run all their crawls inside ``main``). With Twisted's signal handlers, Ctrl-C
    stops the reactor and raises KeyboardInterrupt; a caller that handles signals
    itself (the daemon: SIGTERM, SIGHUP) passes ``install_signal_handlers=False``.
    """
    global _ran
    if _ran:
        raise RuntimeError(
            "run_sync() runs the Twisted reactor, which can run only once per process"
        )
    _ran = True

    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.reactor import install_reactor, is_asyncio_reactor_installed

    install_reactor(ASYNCIO_REACTOR)
    if not is_asyncio_reactor_installed():
        raise RuntimeError(
            f"another Twisted reactor is already installed; noticewatch needs {ASYNCIO_REACTOR}"
        )
    from twisted.internet import reactor
    from twisted.internet.error import ReactorNotRunning

    outcome: dict[str, Any] = {}

    async def body() -> None:
        try:
            outcome["value"] = await main()
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            with contextlib.suppress(ReactorNotRunning):
                reactor.stop()  # type: ignore[attr-defined]

    reactor.callWhenRunning(lambda: deferred_from_coro(body()))  # type: ignore[attr-defined]
    # What the process set up so far (Scrapy, Twisted, SQLAlchemy and our modules, the
    # watchlist) lives as long as the process: the cyclic collector need not go through
    # it again at every full collection (~0.1 s of CPU in a recrawl of 2,000 pages).
    gc.freeze()
    # A request allocates and drops a few hundred objects (requests, responses, Deferreds,
    # coroutines): at Python's default of a young collection every 700 allocations, a
    # recrawl of 2,000 pages that answer 304 ran about 300 collections, 0.2-0.3 s of CPU;
    # every YOUNG_COLLECTION_EVERY, a few dozen. Cyclic garbage waits a little longer.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], YOUNG_COLLECTION_EVERY), *thresholds[1:])
    try:
        reactor.run(installSignalHandlers=install_signal_handlers)  # type: ignore[attr-defined]
    finally:
        gc.set_threshold(*thresholds)
    if "error" in outcome:
        raise outcome["error"]
    if "value" not in outcome:
        raise KeyboardInterrupt
    return outcome["value"]
