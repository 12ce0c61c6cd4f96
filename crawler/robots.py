"""robots.txt fetched once per site and kept across crawls, for as long as it says.

Scrapy's RobotsTxtMiddleware fetches a site's robots.txt at the first request of
every crawl; the daemon runs a crawl per due target, so a site was asked for it at
every check. This middleware keeps each answer in the process (every crawl of the
daemon, every crawl of a test) and, when the crawl's processor offers a
``robots_store`` (the Recorder does: ``storage.robots``), in the database too, so
repeated ``recrawl`` runs share it. An answer is kept for what its Cache-Control
``max-age`` (or ``s-maxage``) or ``Expires`` says, ``no-store`` / ``no-cache`` not
at all, and ``NOTICEWATCH_ROBOTS_CACHE_SECONDS`` (one day) when it says nothing.
A server error (5xx) or a failed fetch is never kept: the next crawl asks again.
"""

from __future__ import annotations

import email.utils
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

#: Scrapy setting: how long a robots.txt without cache headers is kept (seconds).
CACHE_SECONDS_SETTING = "NOTICEWATCH_ROBOTS_CACHE_SECONDS"
DEFAULT_CACHE_SECONDS = 86_400.0

#: No answer is kept longer than a year, whatever it says.
_LONGEST = 365 * 86_400.0

#: site -> (body, expiry on the wall clock, epoch seconds): shared by every crawl of the process.
_memory: dict[str, tuple[bytes, float]] = {}


def clear_memory() -> None:
    """Forget what this process has kept (tests; the database keeps its own)."""
    _memory.clear()


def lifetime(headers: Any, default: float, now: float | None = None) -> float:
    """Seconds a robots.txt response may be kept, from its Cache-Control / Expires headers."""

    def header(name: bytes) -> str:
        value = headers.get(name)
        return value.decode("latin-1") if isinstance(value, bytes) else (value or "")

    now = time.time() if now is None else now
    directives: dict[str, str] = {}
    for item in header(b"Cache-Control").split(","):
        name, _, value = item.strip().partition("=")
        if name:
            directives[name.strip().lower()] = value.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return 0.0
    for name in ("s-maxage", "max-age"):
        if name in directives:
            try:
                return max(0.0, float(int(directives[name])))
            except ValueError:
                return 0.0
    expires = header(b"Expires")
    if expires:
        try:
            when = email.utils.parsedate_to_datetime(expires)
        except (TypeError, ValueError):
            return 0.0  # an invalid Expires means "already expired" (RFC 9111)
        if when is None:
            return 0.0
        date = header(b"Date")
        try:
            base = email.utils.parsedate_to_datetime(date).timestamp() if date else now
        except (TypeError, ValueError):
            base = now
        return max(0.0, when.timestamp() - base)
    return default


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, reading and keeping answers across crawls."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._default_lifetime = crawler.settings.getfloat(
            CACHE_SECONDS_SETTING, DEFAULT_CACHE_SECONDS
        )

    def _store(self) -> Any:
        spider = self.crawler.spider
        processor = getattr(self.crawler, "noticewatch_processor", None) or getattr(
            spider, "processor", None
        )
        return getattr(processor, "robots_store", None)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        if url.netloc not in self._parsers:
            body = await self._kept(f"{url.scheme}://{url.netloc}")
            if body is not None and url.netloc not in self._parsers:
                self._parsers[url.netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self._stats.inc_value("robotstxt/cached")
        if url.netloc not in self._parsers:
            return await super().robot_parser(request)  # the first request: fetches it
        parser = self._parsers[url.netloc]
        if not isinstance(parser, Deferred):
            return parser
        # Scrapy awaits the one Deferred from every request waiting for the fetch, and the
        # first await consumes its result: the others got None, "allowed", whatever the
        # file said. Each waiter gets its own Deferred here, and the result passes on.
        waiter: Deferred[RobotParser | None] = Deferred()

        def tee(result: Any) -> Any:
            waiter.callback(result)
            return result

        parser.addBoth(tee)
        return await maybe_deferred_to_future(waiter)

    async def _kept(self, site: str) -> bytes | None:
        """The site's robots.txt body if it is kept and fresh (memory, else the store)."""
        now = time.time()
        kept = _memory.get(site)
        if kept is not None:
            if kept[1] > now:
                return kept[0]
            del _memory[site]
        store = self._store()
        if store is None:
            return None
        from scrapy.utils.asyncio import run_in_thread

        try:
            stored = await run_in_thread(store.load, site)
        except Exception:
            logger.warning("reading the kept robots.txt of %s failed", site, exc_info=True)
            return None
        if stored is None:
            return None
        body, _status, expires_at = stored
        expires = expires_at.timestamp()
        if expires <= now:
            return None
        _memory[site] = (body, expires)
        return body

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await super()._parse_robots(response, netloc, request)
        if response.status >= 500:
            return
        seconds = min(lifetime(response.headers, self._default_lifetime), _LONGEST)
        if seconds <= 0:
            return
        site = f"{urlparse_cached(request).scheme}://{netloc}"
        expires = time.time() + seconds
        _memory[site] = (response.body, expires)
        store = self._store()
        if store is None:
            return
        from scrapy.utils.asyncio import run_in_thread

        expires_at = datetime.now(UTC) + timedelta(seconds=seconds)
        try:
            await run_in_thread(store.save, site, response.body, response.status, expires_at)
        except Exception:
            logger.warning("keeping the robots.txt of %s failed", site, exc_info=True)
