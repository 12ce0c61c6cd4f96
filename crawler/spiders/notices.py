"""The one spider: fetch the notices it is handed, one FetchedNotice per FetchRequest.

It knows nothing of storage or analysis. It turns each FetchRequest into a Scrapy
request with the target's headers, cookies (one jar per target), proxy, timeout,
robots.txt policy and conditional headers, and turns whatever comes back — a
response of any status, or a failure — into a FetchedNotice. Failures are items
too, so the monitor can log every attempt and never mistake a failure for a change.
"""

from __future__ import annotations

import time
import uuid
import weakref
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Headers, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import load_object
from twisted.internet import error as tx_error
from twisted.python.failure import Failure

from crawler.browser import BrowserUnavailable
from crawler.fingerprint import TARGET_ID_META
from crawler.guard import ALLOW_PRIVATE_META, PrivateAddressRefused
from crawler.items import ErrorKind, FetchedNotice, FetchRequest, NoticeProcessor
from crawler.middlewares import STOPPING_ERROR, CrawlStopping, use_bundled_public_suffix_list
from crawler.settings import apply_contact_url

#: Request meta keys of this spider (besides Scrapy's own).
INDEX_META = "noticewatch_index"
STARTED_META = "noticewatch_started"
#: "same-host" or "any": which redirects RedirectPolicyMiddleware lets Scrapy follow.
FOLLOW_REDIRECTS_META = "noticewatch_follow_redirects"
#: Multi-page notices: which page this request fetches, and the pages fetched before it.
PART_META = "noticewatch_part"
PAGES_META = "noticewatch_pages"


def new_crawl_id() -> str:
    return uuid.uuid4().hex[:12]


class NoticeSpider(scrapy.Spider):
    """Fetch the given targets; ``scrapy crawl notices`` asks NOTICEWATCH_STANDALONE for them."""

    name = "notices"

    def __init__(
        self,
        fetch_requests: Sequence[FetchRequest] | None = None,
        crawl_id: str | None = None,
        processor: NoticeProcessor | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.fetch_requests: tuple[FetchRequest, ...] | None = (
            tuple(fetch_requests) if fetch_requests is not None else None
        )
        self.crawl_id: str = crawl_id or new_crawl_id()
        #: Receives every FetchedNotice (through crawler.pipelines.NoticePipeline).
        self.processor: NoticeProcessor | None = processor
        self._proxies: dict[tuple[str, str], str] = {}
        self._private_sites: set[tuple[str, str]] = set()
        # id(notice) -> (weak ref to the notice, index of its FetchRequest): lets the runner put
        # results in request order even when one target is requested twice in a crawl.
        self._indices: dict[int, tuple[weakref.ref[FetchedNotice], int]] = {}

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        apply_contact_url(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NoticeSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        use_bundled_public_suffix_list()
        if spider.fetch_requests is None:
            # `scrapy crawl notices`: what to crawl, and where results go, come from the monitor.
            standalone = load_object(_object_path(crawler.settings.get("NOTICEWATCH_STANDALONE")))
            requests, processor = standalone(crawler.settings)
            spider.fetch_requests = tuple(requests)
            if spider.processor is None:
                spider.processor = processor
        sites: dict[tuple[str, str], tuple[str, str] | None] = {}
        for fetch in spider.fetch_requests:
            private = getattr(fetch.target, "allow_private_networks", False)
            if not fetch.target.proxy and not private:
                continue
            site = _site(fetch.target.url, sites)
            if site is None:
                continue
            if fetch.target.proxy:
                spider._proxies.setdefault(site, fetch.target.proxy)
            if private:
                spider._private_sites.add(site)
        crawler.signals.connect(
            spider._request_reached_downloader, signal=signals.request_reached_downloader
        )
        return spider

    # ------------------------------------------------------------------ requests

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for index, fetch in enumerate(self.fetch_requests or ()):
            try:
                request = self.request_for(fetch, index)
            except ValueError as exc:  # a URL Scrapy cannot request: still one notice
                yield self._notice(
                    {INDEX_META: index}, error=f"invalid URL: {exc}", error_kind="other"
                )
                continue
            yield request

    def request_for(self, fetch: FetchRequest, index: int, part: int = 0) -> scrapy.Request:
        """The request for ``fetch`` (for page ``part`` of a multi-page notice).

        No conditional headers for a rendered page: it is compared after rendering.
        Each page of a multi-page notice has its own validators (``part_validators``).
        """
        target = fetch.target
        parts = getattr(target, "parts", ())
        url = parts[part].url if parts else target.url
        browser = getattr(target, "render", "static") == "browser"
        headers = dict(target.headers)
        etag, last_modified = fetch.etag, fetch.last_modified
        if parts:
            validators = getattr(fetch, "part_validators", ())
            etag, last_modified = (
                validators[part] if len(validators) == len(parts) else (None, None)
            )
        if not browser:
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        meta: dict[str, Any] = {
            TARGET_ID_META: target.id,
            INDEX_META: index,
            "cookiejar": target.id,
            "download_timeout": target.timeout,
            ALLOW_PRIVATE_META: bool(getattr(target, "allow_private_networks", False)),
            FOLLOW_REDIRECTS_META: getattr(target, "follow_redirects", "same-host"),
        }
        if target.proxy:
            meta["proxy"] = target.proxy
        if not target.obey_robots:
            meta["dont_obey_robotstxt"] = True
        if parts:
            meta[PART_META] = part
        if browser:
            from crawler.render import browser_meta

            meta.update(browser_meta(target))
        return scrapy.Request(
            url,
            headers=headers,
            cookies=dict(target.cookies) or None,
            meta=meta,
            callback=self.parse_notice,
            errback=self.fetch_failed,
            # Each FetchRequest is fetched, even a URL another target shares.
            dont_filter=True,
        )

    def proxy_for_site(self, scheme: str, netloc: str) -> str | None:
        """The proxy of the first target on this site (used for its robots.txt)."""
        return self._proxies.get((scheme, netloc))

    def allows_private_site(self, scheme: str, netloc: str) -> bool:
        """A target on this site may be fetched from a private address (used for its robots.txt)."""
        return (scheme, netloc) in self._private_sites

    def request_index(self, notice: FetchedNotice) -> int | None:
        """Which of ``fetch_requests`` this notice answers (once per notice)."""
        entry = self._indices.pop(id(notice), None)
        if entry is None or entry[0]() is not notice:
            return None
        return entry[1]

    def _request_reached_downloader(self, request: scrapy.Request) -> None:
        # Kept across retries and redirects (they copy meta): the start of the first attempt.
        if TARGET_ID_META in request.meta:
            request.meta.setdefault(STARTED_META, (datetime.now(UTC), time.perf_counter()))

    # ------------------------------------------------------------------ results

    def parse_notice(self, response: Response) -> Iterator[FetchedNotice | scrapy.Request]:
        meta = response.meta
        if PART_META not in meta or not (200 <= response.status < 300 or response.status == 304):
            # A page that is not a notice (error, redirect elsewhere) is judged on its own:
            # one failed page fails the whole multi-page notice.
            yield self._notice(meta, response=response)
            return
        from monitor.parts import PageBody

        headers = first_values(response.headers)
        page = PageBody(
            response.url,
            headers.get("content-type"),
            response.body,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            not_modified=response.status == 304,
        )
        fetch = (self.fetch_requests or ())[meta[INDEX_META]]
        if page.not_modified:  # its bytes are the last version's; the validators still hold
            page = replace(page, content_type=None, body=b"")
            if not page.etag and not page.last_modified:
                sent = fetch.part_validators[meta[PART_META]]
                page = replace(page, etag=sent[0], last_modified=sent[1])
        pages = [*meta.get(PAGES_META, ()), page]
        part = meta[PART_META] + 1
        if part < len(fetch.target.parts):
            request = self.request_for(fetch, meta[INDEX_META], part)
            request.meta[PAGES_META] = pages
            if STARTED_META in meta:
                request.meta[STARTED_META] = meta[STARTED_META]
            yield request
            return
        yield self._notice(meta, response=response, pages=pages)

    def fetch_failed(self, failure: Failure) -> Iterator[FetchedNotice]:
        request = failure.request  # type: ignore[attr-defined]
        exc = failure.value
        if isinstance(exc, HttpError):  # only when HTTPERROR_ALLOW_ALL was switched off
            yield self._notice(request.meta, response=exc.response)
            return
        kind, message = describe_failure(exc, request.meta, self.settings, url=request.url)
        if PART_META in request.meta:
            fetch = (self.fetch_requests or ())[request.meta[INDEX_META]]
            count = len(fetch.target.parts)
            message = f"page {request.meta[PART_META] + 1} of {count} ({request.url}): {message}"
        yield self._notice(request.meta, error=message, error_kind=kind)

    def _notice(
        self,
        meta: dict[str, Any],
        *,
        response: Response | None = None,
        error: str | None = None,
        error_kind: ErrorKind | None = None,
        pages: Sequence[Any] = (),
    ) -> FetchedNotice:
        index = meta[INDEX_META]
        fetch = (self.fetch_requests or ())[index]
        started = meta.get(STARTED_META)
        if started is None:  # never reached the downloader (e.g. robots.txt said no)
            fetched_at, duration_ms = datetime.now(UTC), 0.0
        else:
            fetched_at, start = started
            duration_ms = (time.perf_counter() - start) * 1000.0
        headers = first_values(response.headers) if response is not None else {}
        body = response.body if response is not None else b""
        status = response.status if response is not None else None
        if pages and all(page.not_modified for page in pages):
            body, headers, status = b"", {}, 304  # not modified: no page changed
        elif pages:
            from monitor.parts import pack

            # The pages as one body (monitor/parts.py); validators are per page, inside it.
            body, packed_type = pack(pages)
            headers, status = {"content-type": packed_type}, 200
        notice = FetchedNotice(
            target_id=fetch.target.id,
            url=fetch.target.url,
            final_url=(pages[0].url if pages else response.url) if response is not None else None,
            status=status,
            headers=headers,
            body=body,
            fetched_at=fetched_at,
            duration_ms=duration_ms,
            crawl_id=self.crawl_id,
            error=error,
            error_kind=error_kind,
        )
        self._indices[id(notice)] = (weakref.ref(notice), index)
        return notice


def _object_path(path: str) -> str:
    """Accept "package.module:name" (entry-point style) as well as Scrapy's "package.module.name"."""
    return path.replace(":", ".") if isinstance(path, str) else path


def first_values(headers: Headers) -> dict[str, str]:
    """Lower-cased header names with their first value, decoded (UTF-8, else Latin-1)."""
    out: dict[str, str] = {}
    for name, values in headers.items():
        if not values:
            continue
        out[_decode(name).lower()] = _decode(values[0])
    return out


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _site(url: str, known: dict[tuple[str, str], tuple[str, str] | None]) -> tuple[str, str] | None:
    """(scheme, netloc) as Scrapy will request it (IDN hosts in punycode, ...).

    ``known`` keeps the answer for each scheme and netloc as written: the URL's path
    does not change them, and building a Scrapy request to find out costs ~50 µs, per
    target of a crawl (2,000 notices on one site asked 2,000 times).
    """
    try:
        key = urlsplit(url)[:2]
    except ValueError:
        return None
    if key not in known:
        try:
            parts = urlsplit(scrapy.Request(url).url)
        except ValueError:
            return None
        known[key] = (parts.scheme, parts.netloc)
    return known[key]


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes, and the reasons Twisted wraps inside ResponseFailed."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for reason in getattr(current, "reasons", None) or ():
            value = getattr(reason, "value", reason)
            if isinstance(value, BaseException):
                stack.append(value)
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)


def _is_tls(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("OpenSSL", "ssl")) or "TLS" in type(exc).__name__


def describe_failure(
    exc: BaseException, meta: dict[str, Any], settings: BaseSettings, *, url: str | None = None
) -> tuple[ErrorKind, str]:
    """Classify a download failure and say it in words a user can act on."""
    attempts = int(meta.get("retry_times", 0)) + 1
    tries = f" ({attempts} attempts)" if attempts > 1 else ""
    detail = str(exc).strip()
    chain = list(_chain(exc))

    if isinstance(exc, PrivateAddressRefused):
        return "refused", f"refused: {detail}"
    if isinstance(exc, BrowserUnavailable):
        return "other", detail
    if isinstance(exc, CrawlStopping):
        return "other", STOPPING_ERROR
    if isinstance(exc, IgnoreRequest):
        lowered = detail.lower()
        if "robots.txt" in lowered:
            return "robots", "forbidden by the site's robots.txt (obey_robots = false overrides it)"
        if "max size" in lowered or "maxsize" in lowered:
            return "too_large", _too_large(meta, settings)
        if "redirect" in lowered:
            return "http", f"too many redirects: {detail}"
        return "other", f"request dropped: {detail or type(exc).__name__}"
    if isinstance(exc, DownloadCancelledError):
        # The only cancellation of a running download we cause is DOWNLOAD_MAXSIZE.
        return "too_large", _too_large(meta, settings)
    if any(_is_tls(e) for e in chain):
        tls = next(e for e in chain if _is_tls(e))
        return "tls", f"TLS handshake failed{tries}: {tls!r}"
    if isinstance(exc, DownloadTimeoutError | tx_error.TimeoutError | tx_error.TCPTimedOutError):
        timeout = meta.get("download_timeout", settings.getfloat("DOWNLOAD_TIMEOUT"))
        return "timeout", f"no response within {float(timeout):g} s{tries}"
    if isinstance(exc, CannotResolveHostError | tx_error.DNSLookupError):
        host = urlsplit(url or "").hostname
        detail = detail.removeprefix("DNS lookup failed:").strip()
        detail = detail.removeprefix("no results for hostname lookup:").strip().rstrip(".")
        if host and detail == host:
            detail = "no such host, or no network (offline?)"
        return "dns", f"cannot resolve {host or detail}{tries}: {detail}"
    if isinstance(exc, DownloadConnectionRefusedError | tx_error.ConnectionRefusedError):
        return "connection", f"connection refused{tries}"
    if isinstance(exc, ResponseDataLossError):
        return "connection", f"connection closed before the whole response arrived{tries}"
    if isinstance(
        exc,
        DownloadFailedError
        | tx_error.ConnectError
        | tx_error.ConnectionLost
        | tx_error.ConnectionDone,
    ):
        return "connection", f"connection failed{tries}: {detail or type(exc).__name__}"
    if type(exc).__name__ == "TunnelError":
        return "connection", f"proxy tunnel failed: {detail}"
    return "other", f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _too_large(meta: dict[str, Any], settings: BaseSettings) -> str:
    limit = int(meta.get("download_maxsize", settings.getint("DOWNLOAD_MAXSIZE")))
    return f"response larger than the download size limit ({limit:,} bytes, DOWNLOAD_MAXSIZE)"
