"""Run the reading of pages (extract + analyse) on every core, and only when that pays.

Reading a page is CPU work in pure Python: on one thread, a crawl of many new or
changed pages uses one core while the others idle. :class:`Readers` runs each
:class:`~crawler.items.ReadJob` either in a thread of this process or in a pool of
worker processes, which it starts only when several pages (:data:`POOL_BACKLOG`)
wait to be read at once and a core is idle (:func:`spare_cores`, by the machine's
idle CPU time since the crawl began): a recrawl of one page, a cycle where pages change one at a time, or a
machine whose cores are busy with other work, never pays the start-up of a pool
(more than a second of CPU per worker: a fresh interpreter that imports the
extractor and the analyzer, once, for all the pages it then reads).

Workers are fresh interpreters (:class:`ReaderPool`), not forks: the crawl process runs
the reactor and threads, which a fork would copy mid-flight; nor multiprocessing's
*spawn*, which starts a resource tracker process beside them and runs the crawl's
command line again in each. A worker that dies (a crash in a C extension,
killed, out of memory) breaks the whole pool and every page it held; those pages
are read again in a fresh pool, and a page that breaks that one too is read alone,
in a process of its own, so only the page that really kills its reader is reported
(as :class:`~crawler.items.ReaderCrashed`), never its neighbours.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
import weakref
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool, _RemoteTraceback
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from scrapy.utils.asyncio import run_in_thread

from crawler.items import ReaderCrashed, ReadJob
from crawler.reader_worker import read_message, write_message

logger = logging.getLogger(__name__)

#: The Scrapy setting for the size of the pool: None (the default) is one worker per
#: core this process may use (:func:`default_workers`), 0 reads every page in the crawl's
#: own process.
READ_WORKERS_SETTING = "NOTICEWATCH_READ_WORKERS"

#: The pool starts when this many pages wait to be read at once. Starting a worker
#: costs about as much CPU as reading six to eight notices of 100 KB (a fresh
#: interpreter, the extractor, the analyzer and its lexicons), so fewer pages read
#: faster in this process than in a pool still starting.
POOL_BACKLOG = 8
#: ... and when at least this many cores are idle besides the crawl (see :func:`spare_cores`).
SPARE_CORES = 0.75


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """The pool's default size: one worker per core the crawl may use.

    The crawl's own process is busy too while the workers read (it downloads, and records
    every page read), but reading costs about three times what recording does, so one
    worker per core keeps both cores of a 2-core machine busy, where one worker (one per
    core but the crawl's, the default before) was the bound and left much of the second
    core idle. Measured with ``bench/peers.py --n 2000 --runs 3
    --workers-too 2`` (medians, same run): a first cycle took 90 s with two readers against
    152 s with one, a 10%-changed cycle 14.0 s against 16.8 s, and the process tree peaked
    at 231 and 240 MB (each reader about 38 MB; :class:`ReaderPool` starts no resource
    tracker). On a machine busy with other work the pool does not start at all
    (:func:`spare_cores`).
    """
    return usable_cores()


def workers_from(value: object) -> int:
    """The pool size a setting asks for (None or "" = :func:`default_workers`); a clear error otherwise."""
    if value is None or value == "":
        return default_workers()
    try:
        workers = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValueError(
            f"{READ_WORKERS_SETTING} must be a whole number of processes, got {value!r}"
        ) from None
    if workers < 0:
        raise ValueError(f"{READ_WORKERS_SETTING} must be 0 or more, got {workers}")
    return workers


#: Idle CPU is judged over a window of at least this many seconds (shorter says nothing) ...
IDLE_WINDOW_MIN = 0.5
#: ... and at most this many (an older reading, e.g. a daemon's last crawl, is restarted).
IDLE_WINDOW_MAX = 120.0

#: (idle jiffies, all jiffies, number of CPUs) of the whole machine, or None off Linux.
CpuTimes = tuple[int, int, int]


def read_cpu_times(path: str = "/proc/stat") -> CpuTimes | None:
    """The machine's CPU time so far, idle (and waiting on I/O) and in all, from /proc/stat."""
    try:
        with open(path, encoding="ascii") as fh:
            lines = fh.read().splitlines()
        fields = [int(v) for v in lines[0].split()[1:9]]  # user … steal; guests are in user
    except (OSError, ValueError, IndexError):
        return None
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    return fields[3] + fields[4], sum(fields), max(cpus, 1)


class IdleMeter:
    """How many cores sat idle since the previous reading: the machine, measured, not guessed.

    The 1-minute load average lags: right after a crawl's own busy minute (the first
    cycle of a watchlist, the previous batch of a daemon) it still says the machine is
    busy, and a second core that is idle now goes unused. Idle CPU time over the last
    few seconds counts what every process, the crawl included, leaves unused.
    """

    def __init__(
        self,
        read: Callable[[], CpuTimes | None] = read_cpu_times,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read = read
        self._clock = clock
        self._last = (read(), clock())
        #: The last window's answer: it stands while the next window is too short to tell.
        self._answer: float | None = None

    def idle_cores(self) -> float | None:
        """Idle cores over the last window of at least IDLE_WINDOW_MIN seconds; None when
        there is none yet, or the last is stale.

        A window too short to tell keeps the previous window's answer. Falling back to the
        load average there (pages arrive many times a second) would count the crawl's own
        busy thread as other work, and a second core sitting idle would go unused.
        """
        then, started = self._last
        now, at = self._read(), self._clock()
        if at - started < IDLE_WINDOW_MIN:
            return self._answer  # too short to tell: keep the window open
        self._last = (now, at)
        self._answer = None
        if now is None or then is None or at - started > IDLE_WINDOW_MAX:
            return None
        total = now[1] - then[1]
        if total <= 0:
            return None
        self._answer = (now[0] - then[0]) / total * now[2]
        return self._answer


_meter = IdleMeter()


def spare_cores() -> float:
    """Cores this process may use that nothing else keeps busy.

    Measured as the machine's idle CPU time since the last reading (:class:`IdleMeter`:
    the crawl itself is busy then, so an idle 2-core machine running a crawl has about
    one spare core, and a machine shared with other busy work has none: a pool there
    only adds its start-up and the shuffling of pages between processes, measured +30%
    wall, +25% CPU). Without such a reading (not Linux, no half-second window yet),
    the 1-minute load average, which counts the crawl as about one runnable thread.
    """
    idle = _meter.idle_cores()
    if idle is not None:
        return min(idle, float(usable_cores()))
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average here: assume the cores are ours
        return float(usable_cores() - 1)
    return usable_cores() - load


class ReaderPool(Executor):
    """Reader processes of our own: ``concurrent.futures``' process pool, lighter to start.

    multiprocessing's *spawn* starts, besides its workers, a resource tracker process
    (13 MB) for the semaphores of its queues, and runs the crawl's command line again
    in every worker (``__main__``: the ``noticewatch`` script and ``monitor.cli``).
    Here each worker is a plain interpreter (:mod:`crawler.reader_worker`) fed over a
    pipe by a thread of this process, one job at a time, so nothing needs tracking.
    What the pool promises is the same as ``ProcessPoolExecutor``'s: a worker that dies
    breaks the pool, and every job it held, running or waiting, ends in
    ``BrokenProcessPool``; an exception a job raised arrives with its traceback's text
    as its ``__cause__``.
    """

    def __init__(self, workers: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[Any], bytes | memoryview] | None] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._broken: str | None = None
        self._shut = False
        path = ForkingPickler.dumps(list(sys.path))
        # -P: the script's folder (crawler/) is not put first on sys.path, so none of its
        # modules can shadow the standard library the worker imports before its first job.
        flags = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]
        command = [sys.executable, *flags, "-P", WORKER_SCRIPT]
        self._procs = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for _ in range(workers)
        ]
        self._threads = [
            threading.Thread(target=self._feed, args=(proc, path), daemon=True, name="reader-feed")
            for proc in self._procs
        ]
        for thread in self._threads:
            thread.start()
        _live.add(self)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if kwargs:
            raise TypeError("ReaderPool jobs take positional arguments only")
        with self._lock:
            if self._broken is not None:
                raise BrokenProcessPool(self._broken)
            if self._shut:
                raise RuntimeError("cannot schedule new futures after shutdown")
            future: Future[Any] = Future()
            try:
                data = ForkingPickler.dumps((fn, args))
            except Exception as exc:  # as ProcessPoolExecutor: the job's future fails
                future.set_exception(exc)
                return future
            self._jobs.put((future, data))
            return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._shut = True
            if cancel_futures:
                self._fail_waiting(None)
            for _ in self._threads:
                self._jobs.put(None)
        if wait:
            for thread in self._threads:
                thread.join()

    def _feed(self, proc: subprocess.Popen[bytes], path: bytes | memoryview) -> None:
        """One worker's thread: hand it a job, wait for its answer, again; until told to stop."""
        assert proc.stdin is not None and proc.stdout is not None
        job: Future[Any] | None = None
        try:
            write_message(proc.stdin, path)
            while (item := self._jobs.get()) is not None:
                job, data = item
                if not job.set_running_or_notify_cancel():  # cancelled while it waited
                    job = None
                    continue
                if self._broken is not None:
                    job.set_exception(BrokenProcessPool(self._broken))
                    job = None
                    continue
                write_message(proc.stdin, data)
                reply = read_message(proc.stdout)
                if reply is None:
                    raise EOFError
                self._settle(job, reply)
                job = None
        except (OSError, EOFError, ValueError):
            self._break(proc, job)
        finally:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # the worker's end of input: it exits
            proc.wait()
            proc.stdout.close()

    @staticmethod
    def _settle(job: Future[Any], reply: bytes) -> None:
        try:
            answer = pickle.loads(reply)
        except Exception as exc:
            job.set_exception(exc)
            return
        if answer[0]:
            job.set_result(answer[1])
        else:
            _, exc, text = answer
            exc.__cause__ = _RemoteTraceback(text)
            job.set_exception(exc)

    def _break(self, proc: subprocess.Popen[bytes], job: Future[Any] | None) -> None:
        """A worker died: the pool is broken, its other workers stop, every job held fails."""
        with self._lock:
            if self._broken is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(1)
                self._broken = (
                    "A process in the process pool was terminated abruptly while the "
                    f"future was running or pending (exit code {proc.returncode})."
                )
                for other in self._procs:
                    if other is not proc:
                        with contextlib.suppress(OSError):
                            other.kill()
                self._fail_waiting(self._broken)
        if job is not None and not job.done():
            job.set_exception(BrokenProcessPool(self._broken))

    def _fail_waiting(self, broken: str | None) -> None:
        """End the jobs no worker took yet: broken (a message) or cancelled (None)."""
        kept: list[None] = []
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                break
            if item is None:
                kept.append(None)
            elif broken is None:
                item[0].cancel()
            elif item[0].set_running_or_notify_cancel():  # not cancelled meanwhile
                item[0].set_exception(BrokenProcessPool(broken))
        for sentinel in kept:
            self._jobs.put(sentinel)


#: The pools still running: each stops and reaps its workers when the process exits.
_live: weakref.WeakSet[ReaderPool] = weakref.WeakSet()


@atexit.register
def _stop_pools() -> None:
    """Let the workers finish their page and end, and wait for them, as ``concurrent.futures``
    does: a worker left running would outlive the crawl, its CPU counted by no one."""
    for pool in list(_live):
        pool.shutdown(wait=True)


#: The script a reader process runs (a file, so the process imports nothing else first).
WORKER_SCRIPT = str(Path(__file__).with_name("reader_worker.py"))


def _new_pool(workers: int) -> ReaderPool:
    return ReaderPool(workers)


#: In a crawl of many pages, the first page to read waits this long for the backlog that
#: starts a pool before it is read in this process (seconds). Read here, it would load
#: the extractor and the analyzer into the crawl's process too: about 50 MB held for the
#: rest of the crawl on top of each worker's own copy.
FIRST_READ_WAIT = 0.25

#: A pool with nothing to read for this long stops its workers (seconds).
IDLE_SECONDS = 30.0

_shared: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, Readers]] = (
    weakref.WeakKeyDictionary()
)


def shared_readers(workers: int) -> Readers:
    """The process's Readers of that size: every crawl of a daemon shares one pool."""
    loop = asyncio.get_running_loop()
    by_size = _shared.setdefault(loop, {})
    if workers not in by_size:
        by_size[workers] = Readers(workers)
    return by_size[workers]


class Readers:
    """Where read jobs run: a thread here, or a process pool once it pays.

    One per process and pool size (:func:`shared_readers`): the daemon's crawls,
    several at a time and one after another, share the pool and its warm workers.
    The workers stop after :data:`IDLE_SECONDS` with nothing to read, and at exit.
    """

    def __init__(self, workers: int) -> None:
        #: Pool size; 0 never starts a pool.
        self.workers = workers
        self._pool: ReaderPool | None = None
        #: Jobs handed to :meth:`read` and not finished yet.
        self._pending = 0
        #: Jobs read in this process run one at a time (they hold the GIL anyway).
        self._here = asyncio.Lock()
        #: Pages read again alone after a crash: one such process at a time.
        self._alone = asyncio.Lock()
        self._idle: asyncio.TimerHandle | None = None
        #: How many pools were started (lone readers included).
        self.started_pools = 0
        #: Whether a page was read in this process yet (then the reader is loaded here).
        self._read_here = False
        #: Set when POOL_BACKLOG pages wait: the first pages of a large crawl wait for it.
        self._backlog = asyncio.Event()

    @property
    def pooled(self) -> bool:
        return self._pool is not None

    async def read(
        self, job: ReadJob, tally: Counter[str] | None = None, *, many: bool = False
    ) -> object:
        """What ``job`` returns; raises what it raises, or ReaderCrashed when its reader died.

        ``tally`` counts where the job ran ("here" or "pool"), for the caller's log.
        ``many``: the crawl has at least POOL_BACKLOG pages, so a pool may well start
        soon; the first page waits up to FIRST_READ_WAIT for it instead of being read here.
        """
        self._pending += 1
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        try:
            if self._pending >= POOL_BACKLOG:
                self._backlog.set()
            if many and self._pool is None and self.workers > 0 and not self._read_here:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._backlog.wait(), FIRST_READ_WAIT)
            self._start_pool_if_it_pays()
            if self._pool is None:
                async with self._here:
                    # Waiting for this lock, a pool may have started: it reads this page then.
                    if self._pool is None:
                        if tally is not None:
                            tally["here"] += 1
                        self._read_here = True
                        return await run_in_thread(job.run)
            if tally is not None:
                tally["pool"] += 1
            return await self._in_pool(job)
        finally:
            self._pending -= 1
            if self._pending < POOL_BACKLOG:
                self._backlog.clear()
            if self._pending == 0 and self._pool is not None:
                self._idle = asyncio.get_running_loop().call_later(IDLE_SECONDS, self._stop)

    def _start_pool_if_it_pays(self) -> None:
        if (
            self._pool is None
            and self.workers > 0
            and self._pending >= POOL_BACKLOG
            and spare_cores() >= SPARE_CORES
        ):
            self._pool = _new_pool(self.workers)
            self.started_pools += 1
            logger.debug("reading pages in %d worker processes", self.workers)

    def _stop(self) -> None:
        """Nothing to read for a while: let the workers go (they exit on their own)."""
        self._idle = None
        pool, self._pool = self._pool, None
        if pool is not None and self._pending == 0:
            pool.shutdown(wait=False)
        elif pool is not None:
            self._pool = pool

    async def _in_pool(self, job: ReadJob) -> object:
        pool = self._pool
        assert pool is not None
        try:
            return await _submit(pool, job)
        except BrokenProcessPool:
            pass
        # The pool died under this job, or under another one it held: a fresh pool
        # (once per broken pool) reads it again ...
        if self._pool is pool:
            pool.shutdown(wait=False)  # its futures all end as broken: none cancelled
            self._pool = _new_pool(self.workers)
            self.started_pools += 1
            logger.warning("a page reader died; reading the pages it held again")
        try:
            return await _submit(self._pool, job)
        except BrokenProcessPool:
            pass
        # ... and a job that breaks that one too is read alone, to tell whether it is the cause.
        return await self._alone_read(job)

    async def _alone_read(self, job: ReadJob) -> object:
        async with self._alone:
            lone = _new_pool(1)
            self.started_pools += 1
            try:
                return await _submit(lone, job)
            except BrokenProcessPool as exc:
                raise ReaderCrashed(
                    "the process reading this page ended abruptly (a crash, or killed, "
                    f"or out of memory): {exc}"
                ) from None
            finally:
                lone.shutdown(wait=False)


async def _submit(pool: Executor, job: ReadJob) -> Any:
    return await asyncio.wrap_future(pool.submit(job.function, *job.args))
