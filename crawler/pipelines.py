"""Hand each FetchedNotice to the processor, off the reactor thread, one at a time.

The processor (the monitor's Recorder) blocks: SQL, extraction, diffing. Run on the
reactor thread it would stall every download of the crawl, so it runs in a worker
thread. One notice is processed at a time in the whole process, whatever the number
of concurrent crawls: SQLite has a single writer, and two recordings of one target
must not interleave. A processor exception is logged and returned as a
ProcessingError: one bad notice never ends a crawl, and its failure is not lost.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import TYPE_CHECKING, Any

from scrapy.utils.asyncio import run_in_thread

from crawler.items import FetchedNotice, NoticeProcessor, ProcessingError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Signal sent once per FetchedNotice after processing, with ``notice``, ``result`` (the
#: processor's return value, a ProcessingError, or None without a processor) and ``index``
#: (the position of its FetchRequest in the spider's ``fetch_requests``, or None).
notice_processed = object()

_writer_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _writer_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _writer_locks.get(loop)
    if lock is None:
        lock = _writer_locks[loop] = asyncio.Lock()
    return lock


async def process_notice(processor: NoticeProcessor, notice: FetchedNotice) -> object:
    """Run ``processor.process(notice)`` in a worker thread; exceptions become ProcessingError."""
    async with _writer_lock():
        try:
            return await run_in_thread(processor.process, notice)
        except Exception as exc:
            logger.error(
                "processing the fetch of %s (crawl %s) failed",
                notice.target_id,
                notice.crawl_id,
                exc_info=True,
            )
            return ProcessingError.from_exception(notice.target_id, exc)


class NoticePipeline:
    """Item pipeline: FetchedNotice -> processor -> ``notice_processed`` signal."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NoticePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedNotice):
            return item
        spider = self.crawler.spider
        processor = getattr(self.crawler, "noticewatch_processor", None) or getattr(
            spider, "processor", None
        )
        request_index = getattr(spider, "request_index", None)
        index = request_index(item) if request_index is not None else None
        result = await process_notice(processor, item) if processor is not None else None
        logger.info(
            "%s: %s", item.target_id, _short(result) if result is not None else _short(item)
        )
        await self.crawler.signals.send_catch_log_async(
            signal=notice_processed, notice=item, result=result, index=index
        )
        return item


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "..."
