"""Downloader middlewares of the noticewatch crawler."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.fingerprint import TARGET_ID_META
from monitor.errors import NoticewatchError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class RobotsTxtProxyMiddleware:
    """Send a site's robots.txt request through the proxy of the targets on that site.

    Scrapy's RobotsTxtMiddleware builds the robots.txt request itself, without the
    ``proxy`` meta key of the request that triggered it. A target reached through a
    (regional) proxy would then have its robots.txt fetched directly: a connection the
    user asked us not to make, and a DNS lookup that may fail where only the proxy can
    resolve the host. The spider knows which proxy each site's targets use.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtProxyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        meta = request.meta
        if "proxy" in meta or TARGET_ID_META in meta or not meta.get("dont_obey_robotstxt"):
            return
        parsed = urlparse_cached(request)
        if parsed.path != "/robots.txt":
            return
        lookup = getattr(self.crawler.spider, "proxy_for_site", None)
        proxy = lookup(parsed.scheme, parsed.netloc) if lookup is not None else None
        if proxy:
            meta["proxy"] = proxy


def same_host(a: str | None, b: str | None) -> bool:
    """Two host names are one site, ignoring case and a leading ``www.``."""

    def norm(host: str | None) -> str:
        host = (host or "").lower().rstrip(".")
        return host[4:] if host.startswith("www.") else host

    return norm(a) == norm(b)


#: The statuses Scrapy's RedirectMiddleware follows (with a Location header).
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectPolicyMiddleware:
    """Keep Scrapy from following a redirect to another host, unless the target allows it.

    A notice that moved to another host is news for a person (a new owner, a
    different regional site, a parked domain), not a change of the notice: the 3xx
    response reaches the spider as it is, and the monitor records it as an anomaly
    ("moved to ..."). ``follow_redirects = "any"`` follows it.
    """

    def process_response(self, request: Request, response: Any) -> Any:
        if response.status not in _REDIRECTS:  # most responses: nothing to look at
            return response
        from urllib.parse import urljoin, urlsplit

        from crawler.spiders.notices import FOLLOW_REDIRECTS_META

        meta = request.meta
        if TARGET_ID_META not in meta or meta.get(FOLLOW_REDIRECTS_META, "same-host") == "any":
            return response
        location = response.headers.get(b"Location")
        if not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if not same_host(urlsplit(request.url).hostname, urlsplit(target).hostname):
            meta["dont_redirect"] = True
        return response


class DecodedTextReleaseMiddleware:
    """Let go of the text Scrapy decoded from a page's body for its meta refresh check.

    Scrapy's MetaRefreshMiddleware reads the first 4,096 characters of every HTML page,
    and to get them ``TextResponse.text`` decodes the whole body and keeps the text on
    the response for as long as the response lives: in a crawl, until its page is
    recorded, since Scrapy's scraper holds a response until its item is processed. The
    crawl reads bytes (``response.body``), never that text, yet every page waiting to be
    recorded held it beside its body: 8 MB for the 72 pages of 110 KB waiting in a first
    cycle of 2,000 (tracemalloc; the text is as large as an ASCII body, up to four times
    larger in other scripts). Placed after MetaRefreshMiddleware (it sees responses
    after it), this forgets the text; whoever asks for ``response.text`` later gets it
    decoded again, the same.
    """

    def process_response(self, request: Request, response: Any) -> Any:
        # ``_cached_ubody`` is where TextResponse keeps its decoded text, None until asked
        # for (Scrapy 2.19); ``text`` decodes again when it finds None there.
        if getattr(response, "_cached_ubody", None) is not None:
            response._cached_ubody = None
        return response


def use_bundled_public_suffix_list() -> None:
    """Stop Scrapy's CookiesMiddleware from downloading the Public Suffix List.

    Scrapy checks cookie domains with a module-level ``tldextract.TLDExtract`` that, on
    first use in a process, fetches the list from GitHub (and logs a traceback when
    offline) before falling back to the snapshot bundled with tldextract. A crawler of
    a few notices needs no fresher list than the bundled one, and must work offline.
    Setting TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS keeps tldextract's own behaviour.
    """
    if "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS" in os.environ:
        return
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    current = getattr(cookies, "_split_domain", None)
    if isinstance(current, TLDExtract) and not getattr(current, "_noticewatch_offline", False):
        offline = TLDExtract(cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True)
        offline._noticewatch_offline = True  # type: ignore[attr-defined]
        cookies._split_domain = offline


#: Crawler attribute set when a crawl is being stopped: no request may start any more.
NO_NEW_REQUESTS = "noticewatch_no_new_requests"
#: The error of a request dropped because its crawl was stopping (never an error of the page).
STOPPING_ERROR = "not fetched: the crawl was stopping"


def no_new_requests(crawler: Any) -> None:
    """From now on this crawl sends nothing: no next page, no retry, no robots.txt."""
    setattr(crawler, NO_NEW_REQUESTS, True)


def is_stopping(crawler: Any) -> bool:
    return bool(getattr(crawler, NO_NEW_REQUESTS, False)) or not getattr(crawler, "crawling", True)


class CrawlStopping(IgnoreRequest, NoticewatchError):
    """A request dropped because its crawl is stopping."""


class StopGuardMiddleware:
    """First in line: once the crawl is stopping, no request leaves (``no_new_requests``).

    Scrapy's ``Crawler.stop`` lets in-flight downloads end, but the retries they
    schedule, and requests already queued, would still be sent until the engine
    closes: a daemon told to stop kept fetching. Downloads already under way finish.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StopGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if is_stopping(self.crawler):
            raise CrawlStopping(STOPPING_ERROR)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """A ``Retry-After`` header (seconds, or an HTTP date) in seconds from now; None if absent/bad."""
    import email.utils
    import time

    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class PatientRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, spaced out: ``Retry-After`` is honoured, otherwise the waits double.

    A 429 or 503 asking to come back within ``NOTICEWATCH_RETRY_AFTER_MAX`` seconds
    (default 60) is retried after that wait; one asking for longer is not retried
    (the server said so), and the response is recorded as it is. Without the header,
    retries wait ``NOTICEWATCH_RETRY_BACKOFF`` seconds (default 1), then twice that,
    and so on, up to 30 s. A wait ends early, without a retry, when the crawl is stopping.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("NOTICEWATCH_RETRY_AFTER_MAX", 60.0)
        self.backoff = settings.getfloat("NOTICEWATCH_RETRY_BACKOFF", 1.0)

    async def process_response(self, request: Request, response: Any) -> Any:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            return response
        from scrapy.utils.response import response_status_message

        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        attempt = int(retry.meta.get("retry_times", 1))
        wait = asked if asked is not None else self._backoff(attempt)
        if not await self._wait(wait):
            return response
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Any:
        if isinstance(exception, IgnoreRequest):
            return None
        retry = super().process_exception(request, exception)
        if retry is None:
            return None
        attempt = int(retry.meta.get("retry_times", 1))
        if not await self._wait(self._backoff(attempt)):
            return None
        return retry

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff * 2 ** min(attempt - 1, 16), 30.0)

    async def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds``; False (at once) when the crawl starts stopping meanwhile."""
        import asyncio
        import time

        end = time.monotonic() + max(0.0, seconds)
        while True:
            if is_stopping(self.crawler):
                return False
            left = end - time.monotonic()
            if left <= 0:
                return True
            await asyncio.sleep(min(0.2, left))
