"""Hand each FetchedNotice to the processor, off the reactor thread, one at a time.

The processor (the monitor's Recorder) blocks: SQL, extraction, diffing. Run on the
reactor thread it would stall every download of the crawl, so it runs in a worker
thread. One notice is processed at a time in the whole process, whatever the number
of concurrent crawls: SQLite has a single writer, and two recordings of one target
must not interleave. A processor exception is logged and returned as a
ProcessingError: one bad notice never ends a crawl, and its failure is not lost.

Fetches that change nothing, and read pages, are recorded in batches. A processor that
offers ``process_unless_quiet`` and ``record_quiet`` (the Recorder does) tells a quiet
notice (a 304, the same bytes as the latest version) from the others: quiet ones are
collected and written together, one transaction for up to ``BATCH_SIZE`` notices, at
the latest ``BATCH_SECONDS`` after the first of them arrived, and at the end of the
crawl. A processor's ``quiet_at_once(notice)`` says a notice is quiet without a trip
to the writer thread (a 304 needs no query to be known quiet). Read pages (below) join
the same batch when the processor offers ``record_reads`` (the Recorder does): with the
same timer, at most ``READ_BATCH`` of them, written in their own transaction right
after the batch's quiet ones, in fetch order. A failed batch is written again one
notice at a time, so one bad notice costs only its own record. The
``notice_processed`` signal of a batched notice is sent only once its batch is
committed, so whatever listens (the daemon releases the target's lease and plans its
next check) never acts on a fetch that is not yet durable; a crash before the commit
loses the batch's rows and validators together, and the next cycle fetches those
pages again. Other notices (failures, anomalies) are recorded in their turn, each in
its own transaction, after the batched pages of the same target before them.

Pages to read are read on every core. A processor that offers ``read_job`` and
``record_read`` (the Recorder does) hands back the reading of a new or changed page
(extraction and analysis, the CPU work) as a :class:`~crawler.items.ReadJob`; the
pipeline starts it at once, on the crawl's :class:`~crawler.readers.Readers` (a
process pool once two pages wait to be read, ``NOTICEWATCH_READ_WORKERS`` processes,
by default one per core), and records the page with what the job returned when its
turn comes. Turns follow the order the notices arrived in: results are recorded in
the order fetched, whichever read finished first, so a crawl records the same
rows in the same order with or without a pool.

What recording a read page frees goes back to the system as the crawl goes on (at most
every half second, ``crawler.heap``): without it, glibc kept the holes of the pages already
recorded, and a cycle of many changed pages held 20-40 MB more than it used.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter, deque
from typing import TYPE_CHECKING, Any

from scrapy.utils.asyncio import run_in_thread

from crawler import readers
from crawler.heap import HeapTrimmer
from crawler.items import QUIET, FetchedNotice, NoticeProcessor, ProcessingError, ReadJob
from crawler.readers import READ_WORKERS_SETTING, shared_readers, workers_from

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


#: A page's reading starts once the page this many places before it is recorded: at most
#: this many pages are read, or wait read, before their turn. A page read ahead of its
#: turn holds what its reader returned (the document and its facts, about half a
#: megabyte as objects) until it is recorded; with a second reader the crawl's process,
#: which records, became the bound, and 50-70 readings waited in it (30-40 MB). At least
#: ``readers.POOL_BACKLOG``, so that the pool still starts.
READ_AHEAD = 2 * readers.POOL_BACKLOG

#: Quiet notices (nothing changed) written in one transaction, at most this many ...
BATCH_SIZE = 64
#: ... and at the latest this long after the first of them arrived (seconds).
BATCH_SECONDS = 0.25
#: Read pages written in one transaction, at most this many. A read page in a batch still
#: counts against READ_AHEAD until it is committed (it holds its document and facts), so
#: half of it: the other half is read while a batch is written.
READ_BATCH = READ_AHEAD // 2


async def process_notice(processor: NoticeProcessor, notice: FetchedNotice) -> object:
    """Run ``processor.process(notice)`` in a worker thread; exceptions become ProcessingError."""
    return await _in_writer_thread(processor.process, notice)


async def _in_writer_thread(method: Any, notice: FetchedNotice, *args: Any) -> object:
    """``method(notice, *args)`` in a worker thread, one at a time; exceptions become ProcessingError."""
    async with _writer_lock():
        return await _in_thread(method, notice, *args)


async def _in_thread(method: Any, notice: FetchedNotice, *args: Any) -> object:
    """``method(notice, *args)`` in a worker thread (the caller holds the writer lock)."""
    try:
        return await run_in_thread(method, notice, *args)
    except Exception as exc:
        logger.error(
            "processing the fetch of %s (crawl %s) failed",
            notice.target_id,
            notice.crawl_id,
            exc_info=True,
        )
        return ProcessingError.from_exception(notice.target_id, exc)


async def _record_batch(processor: Any, batch: list[tuple[FetchedNotice, object]]) -> list[object]:
    """Record a batch: ``(notice, QUIET)`` or ``(notice, what its reading returned)``, in order.

    The quiet notices are written in one transaction (``record_quiet``), then the read
    pages in another (``record_reads``), under one hold of the writer lock. Should a
    part fail, each of its notices is recorded on its own instead (``process``,
    ``record_read``), so one bad notice costs only its own record, as without batching.
    Results come back in the order of ``batch``.
    """
    results: list[object] = [None] * len(batch)
    async with _writer_lock():
        for positions in _parts(batch):
            quiet = batch[positions[0]][1] is QUIET
            items = [batch[i] for i in positions]
            try:
                # Read pages join a batch only when the processor has ``record_reads``.
                if quiet:
                    values = await run_in_thread(processor.record_quiet, [n for n, _ in items])
                else:
                    values = await run_in_thread(processor.record_reads, items)
            except Exception:
                logger.warning(
                    "recording %d %s together failed; recording them one by one",
                    len(items),
                    "unchanged fetch(es)" if quiet else "read page(s)",
                    exc_info=True,
                )
                if quiet:
                    values = [await _in_thread(processor.process, n) for n, _ in items]
                else:
                    values = [await _in_thread(processor.record_read, n, r) for n, r in items]
            for i, value in zip(positions, values, strict=True):
                results[i] = value
    return results


def _parts(batch: list[tuple[FetchedNotice, object]]) -> list[list[int]]:
    """The transactions of a batch, as positions: its quiet notices, then its read pages.

    Should one target be in both (two fetches of it in one batch), its recordings must
    keep their order: the batch is then cut into runs of one kind, in order.
    """
    quiet = [i for i, (_, value) in enumerate(batch) if value is QUIET]
    read = [i for i, (_, value) in enumerate(batch) if value is not QUIET]
    if {batch[i][0].target_id for i in quiet}.isdisjoint(batch[i][0].target_id for i in read):
        return [part for part in (quiet, read) if part]
    runs: list[list[int]] = []
    for i, (_, value) in enumerate(batch):
        if runs and (batch[runs[-1][0]][1] is QUIET) == (value is QUIET):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


class NoticePipeline:
    """Item pipeline: FetchedNotice -> processor -> ``notice_processed`` signal."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        #: Notices waiting for their batch: their request index and QUIET or their reading.
        self._batch: list[tuple[FetchedNotice, int | None, object]] = []
        #: The futures of the read pages in ``_batch``, done once their batch is committed.
        self._committed: list[asyncio.Future[None]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._flushes: set[asyncio.Future[None]] = set()
        #: Done when the notice that arrived last is recorded: the next one's turn.
        self._last_turn: asyncio.Future[None] | None = None
        #: Done when each of the last READ_AHEAD pages to read is recorded (committed),
        #: oldest first.
        self._turns: deque[asyncio.Future[None]] = deque(maxlen=READ_AHEAD)
        #: Where this crawl's pages were read: "here" (this process) or "pool".
        self._reads: Counter[str] = Counter()
        #: Returns the heap's free pages after recording (see ``crawler.heap``).
        self.trimmer = HeapTrimmer()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NoticePipeline:
        return cls(crawler)

    def _processor(self) -> Any:
        return getattr(self.crawler, "noticewatch_processor", None) or getattr(
            self.crawler.spider, "processor", None
        )

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedNotice):
            return item
        spider = self.crawler.spider
        processor = self._processor()
        request_index = getattr(spider, "request_index", None)
        index = request_index(item) if request_index is not None else None
        if processor is not None and _reads(processor):
            await self._read_and_record(processor, item, index)
            return item
        if processor is not None and _batches(processor):
            result = (
                QUIET
                if _quiet_at_once(processor, item)
                else await _in_writer_thread(processor.process_unless_quiet, item)
            )
            if result is QUIET:
                await self._add(processor, item, index, QUIET)
                return item
        else:
            result = await process_notice(processor, item) if processor is not None else None
        await self._processed(item, result, index)
        return item

    async def _read_and_record(
        self, processor: Any, item: FetchedNotice, index: int | None
    ) -> None:
        """Start reading ``item`` at once, record it in its turn (the order of arrival).

        A notice quiet at once (a 304) takes no turn: it joins the batch now. Behind the
        pages read before it, it would hold its response in Scrapy's scraper, whose
        bytes in progress (``SCRAPER_SLOT_MAX_ACTIVE_SIZE``) stop every download once a
        few dozen changed pages wait to be read: in a cycle of 304s and a few changed
        pages, the 304s would then arrive at the pace of reading. Its rows are written
        with its batch, never in its turn, whether it waits or not.

        At most :data:`READ_AHEAD` pages are read ahead of their turn: a page waits for
        the one that many places before it to be recorded before it is read. In its
        turn, a read page joins the batch (when the processor has ``record_reads``),
        and counts as recorded once its batch is committed.
        """
        if _quiet_at_once(processor, item):
            await self._add(processor, item, index, QUIET)
            return
        loop = asyncio.get_running_loop()
        previous, turn = self._last_turn, loop.create_future()
        recorded = loop.create_future()
        self._last_turn = turn
        ahead = self._turns[0] if len(self._turns) == self._turns.maxlen else None
        self._turns.append(recorded)
        batched = False
        try:
            if ahead is not None:
                await ahead  # READ_AHEAD pages wait to be recorded: read this one later
            job = await _in_writer_thread(processor.read_job, item)
            reading = None
            if isinstance(job, ReadJob):
                reading = asyncio.ensure_future(self._read(job))
            if previous is not None:
                await previous
            if isinstance(job, ReadJob) and reading is not None:
                try:
                    value: object = await reading
                except Exception as exc:  # the processor records a failed read
                    value = exc
                if _batches_reads(processor):
                    await self._add(processor, item, index, value, committed=recorded)
                    batched = True
                    return
                result = await _in_writer_thread(processor.record_read, item, value)
                # Reading is what allocates (the body, the document, its facts): trim after
                # a read page is recorded, not after quiet ones, which free next to nothing
                # (a daemon records those all the time).
                self.trimmer.recorded()
            elif isinstance(job, ProcessingError):
                result = job
            else:
                if self._batch_reads(item.target_id):
                    # Recorded now: the batched page of this target before it goes first.
                    await self._flush(processor)
                result = await _in_writer_thread(processor.process_unless_quiet, item)
                if result is QUIET:
                    await self._add(processor, item, index, QUIET)
                    return
            await self._processed(item, result, index)
        finally:
            turn.set_result(None)
            if not batched and not recorded.done():
                recorded.set_result(None)
            if self._last_turn is turn:
                self._last_turn = None

    async def _read(self, job: ReadJob) -> object:
        workers = workers_from(self.crawler.settings.get(READ_WORKERS_SETTING))
        spider = self.crawler.spider
        many = len(getattr(spider, "fetch_requests", None) or ()) >= readers.POOL_BACKLOG
        return await shared_readers(workers).read(job, self._reads, many=many)

    async def close_spider(self) -> None:
        """The end of the crawl: record what is still waiting, before the crawl counts as done."""
        while self._flushes:
            await asyncio.gather(*self._flushes, return_exceptions=True)
        processor = self._processor()
        if processor is not None:
            await self._flush(processor)
        if self._reads:
            logger.info(
                "read %d page(s) in this process, %d in worker processes",
                self._reads["here"],
                self._reads["pool"],
            )

    def _batch_reads(self, target_id: str) -> bool:
        """Whether a read page of ``target_id`` waits in the batch (it is recorded first)."""
        return any(
            value is not QUIET and notice.target_id == target_id for notice, _, value in self._batch
        )

    async def _add(
        self,
        processor: Any,
        item: FetchedNotice,
        index: int | None,
        value: object,
        *,
        committed: asyncio.Future[None] | None = None,
    ) -> None:
        """Queue ``item`` for the batch: QUIET, or a read page with its reading's result."""
        self._batch.append((item, index, value))
        if committed is not None:
            self._committed.append(committed)
        if len(self._batch) >= BATCH_SIZE or len(self._committed) >= READ_BATCH:
            await self._flush(processor)
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(
                BATCH_SECONDS, self._flush_later, processor
            )

    def _flush_later(self, processor: Any) -> None:
        self._timer = None
        task = asyncio.ensure_future(self._flush(processor))
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def _flush(self, processor: Any) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._batch = self._batch, []
        committed, self._committed = self._committed, []
        try:
            if not batch:
                return
            results = await _record_batch(
                processor, [(notice, value) for notice, _, value in batch]
            )
            # Reading is what allocates (the body, the document, its facts): trim after
            # read pages are recorded (at most every half second), not after quiet ones,
            # which free next to nothing (a daemon records those all the time).
            for _ in committed:
                self.trimmer.recorded()
            for (notice, index, _), result in zip(batch, results, strict=True):
                await self._processed(notice, result, index)
        finally:
            for future in committed:
                if not future.done():
                    future.set_result(None)

    async def _processed(self, item: FetchedNotice, result: object, index: int | None) -> None:
        # The message is built only when it is shown: the CLI logs at WARNING, and the
        # outcome's text (its dataclass repr) cost more than the rest of this line per 304.
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s: %s", item.target_id, _short(result) if result is not None else _short(item)
            )
        await self.crawler.signals.send_catch_log_async(
            signal=notice_processed, notice=item, result=result, index=index
        )


def _batches(processor: Any) -> bool:
    """Whether ``processor`` records quiet notices in batches (see the module docstring)."""
    return callable(getattr(processor, "process_unless_quiet", None)) and callable(
        getattr(processor, "record_quiet", None)
    )


def _quiet_at_once(processor: Any, item: FetchedNotice) -> bool:
    """Whether the processor knows ``item`` is quiet without the database (``quiet_at_once``)."""
    known = getattr(processor, "quiet_at_once", None)
    return bool(known(item)) if callable(known) else False


def _batches_reads(processor: Any) -> bool:
    """Whether ``processor`` records read pages in batches too (``record_reads``)."""
    return callable(getattr(processor, "record_reads", None))


def _reads(processor: Any) -> bool:
    """Whether ``processor`` hands page reading back as ReadJobs (see the module docstring)."""
    return (
        _batches(processor)
        and callable(getattr(processor, "read_job", None))
        and callable(getattr(processor, "record_read", None))
    )


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "..."
