"""What goes into a crawl and what comes out of it: plain frozen records, no Scrapy types.

The rest of noticewatch never sees a Scrapy ``Request`` or ``Response``: it hands
the crawler ``FetchRequest`` objects and gets back exactly one ``FetchedNotice``
per request, successful or not, so the monitor can log every attempt.
"""

from __future__ import annotations

import traceback as tb
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.reduction import ForkingPickler
from types import MappingProxyType
from typing import Any, Literal, Protocol, get_args

from monitor.errors import NoticewatchError
from monitor.targets import Target

#: Why no usable response arrived. HTTP error statuses are not errors (they arrive with a
#: status and a body); "http" covers protocol-level failures such as too many redirects.
ErrorKind = Literal[
    "timeout", "dns", "connection", "robots", "too_large", "http", "tls", "refused", "other"
]
ERROR_KINDS: frozenset[str] = frozenset(get_args(ErrorKind))


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One target to fetch, with the validators of its previous fetch.

    ``etag`` / ``last_modified`` become ``If-None-Match`` / ``If-Modified-Since`` so an
    unchanged notice costs a 304; both None means an unconditional fetch (``--force``).
    """

    target: Target
    etag: str | None = None
    last_modified: str | None = None
    #: A notice of several pages (``target.parts``): (etag, last_modified) of each page.
    part_validators: tuple[tuple[str | None, str | None], ...] = ()

    @property
    def conditional(self) -> bool:
        return (
            self.etag is not None
            or self.last_modified is not None
            or any(any(pair) for pair in self.part_validators)
        )


@dataclass(frozen=True, repr=False)
class FetchedNotice:
    """The result of fetching one target: a response, or the reason there is none."""

    target_id: str
    #: The URL asked for (the target's URL).
    url: str
    #: The URL that answered, after redirects; None when no response arrived.
    final_url: str | None
    status: int | None
    #: Response headers: lower-cased names, first value of each.
    headers: Mapping[str, str] = field(hash=False)
    body: bytes
    #: Aware UTC time the request was handed to the downloader (first attempt).
    fetched_at: datetime
    #: From ``fetched_at`` until the response (or the failure) reached the spider,
    #: politeness delays and retries included.
    duration_ms: float
    crawl_id: str
    #: Set only when no usable response arrived (timeout, DNS, refused, robots.txt, ...).
    error: str | None = None
    error_kind: ErrorKind | None = None

    def __post_init__(self) -> None:
        if self.fetched_at.tzinfo is None:
            raise ValueError("fetched_at must be timezone-aware")
        if self.error_kind is not None and self.error_kind not in ERROR_KINDS:
            raise ValueError(f"unknown error_kind {self.error_kind!r}")
        if (self.error is None) != (self.error_kind is None):
            raise ValueError("error and error_kind go together")
        lowered = {str(k).lower(): str(v) for k, v in self.headers.items()}
        object.__setattr__(self, "headers", lowered)

    @classmethod
    def unanswered(
        cls,
        target: Target,
        *,
        crawl_id: str,
        error: str,
        error_kind: ErrorKind,
        duration_ms: float = 0.0,
    ) -> FetchedNotice:
        """A request that got no response at all (the crawl ended, or was abandoned, first)."""
        return cls(
            target_id=target.id,
            url=target.url,
            final_url=None,
            status=None,
            headers={},
            body=b"",
            fetched_at=datetime.now(UTC),
            duration_ms=duration_ms,
            crawl_id=crawl_id,
            error=error,
            error_kind=error_kind,
        )

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def __repr__(self) -> str:
        # Bodies can be megabytes; Scrapy logs items at DEBUG level.
        outcome = (
            f"error_kind={self.error_kind!r}, error={self.error!r}"
            if self.error
            else f"status={self.status}"
        )
        return (
            f"FetchedNotice(target_id={self.target_id!r}, url={self.url!r}, final_url={self.final_url!r}, "
            f"{outcome}, body=<{len(self.body)} bytes>, content_type={self.content_type!r}, "
            f"fetched_at={self.fetched_at.isoformat()}, duration_ms={self.duration_ms:.1f}, "
            f"crawl_id={self.crawl_id!r})"
        )


@dataclass(frozen=True, slots=True)
class ProcessingError:
    """What the crawl returns for a notice whose processor raised: the crawl goes on."""

    target_id: str
    error_type: str
    message: str
    traceback: str = ""

    @classmethod
    def from_exception(cls, target_id: str, exc: BaseException) -> ProcessingError:
        return cls(
            target_id=target_id,
            error_type=type(exc).__name__,
            message=str(exc),
            traceback="".join(tb.format_exception(exc)),
        )

    def __str__(self) -> str:
        return f"{self.error_type}: {self.message}" if self.message else self.error_type


@dataclass(frozen=True, slots=True)
class ReadJob:
    """A page to read (extract, analyse): CPU work a processor hands back to the pipeline.

    ``function(*args)`` must be picklable (a module-level function, plain data):
    the pipeline may run it in another process (see ``crawler.readers``), then
    gives what it returned, or the exception it raised, to the processor's
    ``record_read``.
    """

    function: Any
    args: tuple[Any, ...]

    def run(self) -> object:
        return self.function(*self.args)


def frozen_mapping(items: dict[Any, Any]) -> Mapping[Any, Any]:
    """A read-only mapping again, in a reader process (see ``crawler.readers``).

    Targets keep headers and cookies in ``MappingProxyType``, which pickle refuses;
    the pool sends them as dicts and this turns them back, so a ReadJob's target
    arrives equal to the one the recorder holds.
    """
    return MappingProxyType(items)


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[Any, ...]]:
    return frozen_mapping, (dict(proxy),)


# Only for what goes to and comes from reader processes (multiprocessing's pickler):
# registered wherever a ReadJob is built or read; pickling elsewhere is unchanged.
ForkingPickler.register(MappingProxyType, _reduce_mapping_proxy)


class ReaderCrashed(NoticewatchError):
    """The process reading a page ended abruptly (a crash, killed, out of memory).

    Recorded as a failed read of that page, never as a change: the page is read
    alone in a process of its own before this is concluded, so the other pages
    read next to it are not blamed.
    """


class NoticeProcessor(Protocol):
    """Receives every FetchedNotice of a crawl, one at a time, in a worker thread.

    ``process`` may block (database, CPU); whatever it returns is handed back by
    ``crawler.runner.crawl`` next to the notice.

    A processor may also record fetches that change nothing in batches: it then has
    ``process_unless_quiet(notice)``, which returns :data:`QUIET` instead of recording
    such a notice, and ``record_quiet(notices)``, which records them in one
    transaction and returns their results in order (see ``crawler.pipelines``).

    A processor may also hand the reading of a page (extraction, analysis) back to
    the pipeline, to run it on another core: it then has ``read_job(notice)``,
    which returns a :class:`ReadJob` for a notice to read (None for any other), and
    ``record_read(notice, result)``, which records the notice with what the job
    returned or the exception it raised; with ``record_reads(pages)`` as well, the
    pipeline records read pages in batches, ``(notice, result)`` pairs in fetch order,
    one transaction each, results returned in order.
    """

    def process(self, notice: FetchedNotice) -> object: ...


class _Quiet:
    """The type of :data:`QUIET`."""

    def __repr__(self) -> str:
        return "QUIET"


#: ``process_unless_quiet``'s answer for a fetch that changes nothing (a 304, the same
#: bytes as before): not recorded yet; the pipeline records it with ``record_quiet``.
QUIET: object = _Quiet()
