"""Give the C heap's free pages back to the system while a crawl records (glibc's ``malloc_trim``).

A crawl of many new or changed pages allocates and frees, page after page, the
body, the unpickled document and facts, the diff and the SQL parameters. glibc keeps
what is freed: the holes left between live blocks stay resident, and the crawl's
process grew by 20-40 MB of free but resident heap in a cycle of 2,000 pages (its
heap held 60-70 MB, of which only 30-45 MB were in use). ``malloc_trim(0)`` hands
the whole free pages of those holes back (``madvise``), so the process's peak memory
follows what it uses, not what it once used: room for a second reader process.

Only on Linux with glibc (``malloc_trim`` is a glibc function); elsewhere, and where
ctypes or the symbol is missing, :func:`trim_heap` does nothing.
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable

#: Trim at most this often (seconds): a trim walks the free chunks of every arena
#: (about a millisecond for a crawl's heap), and memory freed in half a second of
#: recording is at most a few pages' worth.
TRIM_SECONDS = 0.5


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None).malloc_trim  # glibc; musl has no such symbol
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


_trim = _malloc_trim()


def trim_heap() -> bool:
    """Return the heap's free pages to the system now; whether any were returned.

    False where there is no ``malloc_trim`` (not glibc): nothing is done there.
    """
    return bool(_trim(0)) if _trim is not None else False


class HeapTrimmer:
    """Trims the heap once a read page is recorded, at most every :data:`TRIM_SECONDS`.

    Called after each read page is recorded (``crawler.pipelines``): what reading it freed
    is returned while the crawl goes on, before the next pages are read into it.
    """

    def __init__(
        self,
        *,
        every: float = TRIM_SECONDS,
        trim: Callable[[], bool] = trim_heap,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.every = every
        self._trim = trim
        self._clock = clock
        self._last: float | None = None
        #: How many trims ran (for tests and logs).
        self.trims = 0

    def recorded(self) -> None:
        """A fetch was recorded: trim if the last trim is at least ``every`` seconds old."""
        now = self._clock()
        if self._last is not None and now - self._last < self.every:
            return
        self._last = now
        self._trim()
        self.trims += 1
