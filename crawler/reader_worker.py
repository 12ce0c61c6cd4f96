"""A page reader process: runs the read jobs it is sent on stdin, answers on stdout.

Started by :class:`crawler.readers.ReaderPool` as ``python crawler/reader_worker.py``,
a plain interpreter: it imports nothing of the crawl (no Scrapy, no SQLAlchemy, not the
command line the crawl was started with, which multiprocessing's *spawn* runs again in
every worker) until a job's function needs it, and needs no resource tracker process.

Messages are pickles, each preceded by its length (8 bytes, big-endian). The first
message is the crawl's ``sys.path``; then each job is ``(function, args)`` and each
answer ``(True, value)`` or ``(False, exception, traceback text)``. End of input ends
the process.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
import traceback
from typing import IO, Any

HEADER = struct.Struct("!Q")


def read_message(stream: IO[bytes]) -> bytes | None:
    """The next message's bytes, or None at the end of the stream."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_message(stream: IO[bytes], data: bytes | memoryview) -> None:
    stream.write(HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def answer(function: Any, args: tuple[Any, ...], dumps: Any) -> bytes | memoryview:
    """The pickled answer to one job: its value, or what it raised (with the traceback's text)."""
    try:
        return dumps((True, function(*args)))
    except Exception as exc:  # the job's own error, or its value would not pickle
        text = "".join(traceback.format_exception(exc))
        try:
            return dumps((False, exc, text))
        except Exception as unpicklable:
            return dumps((False, RuntimeError(f"{exc!r} (not picklable: {unpicklable})"), text))


def main() -> None:
    # The crawl decides when readers stop (end of input): Ctrl-C reaches the whole
    # process group, and a reader that died of it would look like a crashed page.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() must not corrupt the answers
    sys.stdout = sys.stderr
    first = read_message(requests)
    if first is None:
        return
    import pickle

    sys.path[:] = pickle.loads(first)
    # What the pool pickles with (its reducers for read-only mappings, crawler.items).
    from multiprocessing.reduction import ForkingPickler

    while (message := read_message(requests)) is not None:
        function, args = pickle.loads(message)
        write_message(answers, answer(function, args, ForkingPickler.dumps))


if __name__ == "__main__":
    main()
