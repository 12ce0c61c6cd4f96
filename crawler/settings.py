"""Scrapy settings of the noticewatch crawler.

Used by ``scrapy crawl notices`` (through ``scrapy.cfg``) and by ``crawler.runner``
(which layers its overrides on top with ``crawl_settings``). Each value below departs
from Scrapy's default for a reason given next to it; a deployment changes them with
``-s NAME=VALUE`` or the ``settings`` argument of ``crawler.runner.crawl``.

noticewatch's own settings:

- ``NOTICEWATCH_CONTACT_URL``: where a site operator can learn who is crawling them;
  it goes into the User-Agent. Changing it (with a higher priority than USER_AGENT,
  e.g. ``-s`` or a runner override) rebuilds the User-Agent.
- ``NOTICEWATCH_STANDALONE``: the callable ``scrapy crawl notices`` uses to find what to
  crawl and what to do with it: ``(settings) -> (list[FetchRequest], NoticeProcessor)``.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from scrapy.settings import default_settings

BOT_NAME = "noticewatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

NOTICEWATCH_CONTACT_URL = "https://github.com/noticewatch/noticewatch"
NOTICEWATCH_STANDALONE = "monitor.crawl:standalone_requests"


def _version() -> str:
    try:
        return metadata.version("noticewatch")
    except metadata.PackageNotFoundError:  # running from a checkout that was not installed
        return "0"


def user_agent(contact_url: str) -> str:
    """An honest User-Agent: who we are and where to complain (the contact URL)."""
    return f"noticewatch/{_version()} (+{contact_url})"


def apply_contact_url(settings: Any) -> None:
    """Rebuild USER_AGENT when NOTICEWATCH_CONTACT_URL was set more specifically than it."""
    contact_priority = settings.getpriority("NOTICEWATCH_CONTACT_URL") or 0
    agent_priority = settings.getpriority("USER_AGENT") or 0
    if contact_priority > agent_priority:
        settings.set(
            "USER_AGENT", user_agent(settings["NOTICEWATCH_CONTACT_URL"]), priority=contact_priority
        )


USER_AGENT = user_agent(NOTICEWATCH_CONTACT_URL)

# Politeness: we read public notices, a few pages per site; site owners may say no.
ROBOTSTXT_OBEY = True  # Scrapy's default settings say False; a target may opt out (obey_robots)
# Requests in flight in all: room for one fast host at NOTICEWATCH_MAX_PER_HOST while
# the others still get theirs.
CONCURRENT_REQUESTS = 32
# The politeness bound: requests in flight per host (a site, by host name) when a crawl
# starts. No delay between them: a bound on requests in flight slows down with a slow
# host by itself. crawler.throttle.HostThrottle then moves each host's bound with how
# it answers (every answer counts, 304s too), within [1, NOTICEWATCH_MAX_PER_HOST].
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# The most a host that keeps answering fast gets (at or below the above: a fixed bound).
NOTICEWATCH_MAX_PER_HOST = 16
# A round of answers (as many as the host's bound) whose median latency is within this
# many times the host's fastest answer gets one more request in flight ...
NOTICEWATCH_HOST_GROW_BELOW = 1.5
# ... and above this many times, half as many (as does a 5xx or a failed download).
NOTICEWATCH_HOST_SHRINK_ABOVE = 2.0
# Scrapy's AutoThrottle lowers its delay only on 200 answers: with a start delay, a cycle
# of 304s ran at one page per delay per host. crawler.throttle.HostThrottle replaces it:
# no delay, and a pause of the whole host on 429/503 (Retry-After, else 1 s, 2 s, ...
# as the retries below), its bound back to CONCURRENT_REQUESTS_PER_DOMAIN.
# AUTOTHROTTLE_ENABLED = True brings Scrapy's back instead (and fixed bounds).
AUTOTHROTTLE_ENABLED = False
NOTICEWATCH_THROTTLE_ENABLED = True
NOTICEWATCH_BACKOFF_HTTP_CODES = [429, 503]
EXTENSIONS = {"crawler.throttle.HostThrottle": 0}
# Scrapy 2.19 starts, for every crawl, an HTTP server on localhost that runs the Python
# code it is sent (for Scrapy's MCP server), and writes its token to a file in the
# user's profile. A crawler of other people's pages, often run as a daemon, wants no
# such door. It is left out of Scrapy's base extensions, not set to None in EXTENSIONS:
# Scrapy imports every extension it names, None or not, and this one imports aiohttp
# (a fifth of a recrawl's start-up).
_remote_control = "scrapy.extensions.remote_control.RemoteControl"
EXTENSIONS_BASE = {
    path: order
    for path, order in default_settings.EXTENSIONS_BASE.items()
    if path != _remote_control
}
REMOTE_CONTROL_ENABLED = False
# Scrapy 2.19's downloader lets a burst of requests past CONCURRENT_REQUESTS_PER_DOMAIN.
DOWNLOADER = "crawler.downloader.BoundedDownloader"
# Items processed in parallel per response. The spider makes exactly one thing of each
# response (its FetchedNotice, or the request for a notice's next page), but Scrapy 2.19
# starts CONCURRENT_ITEMS worker tasks per response whatever it yields (scrapy#5182): at
# the default 100, 100 tasks per 304. The recording pipeline has its own order anyway.
CONCURRENT_ITEMS = 1
# Scrapy checks each response's callback for a generator returning a value by reading
# its source and walking its syntax tree. The answer is cached on the callback object
# with a weak reference, and a bound method (each request's ``self.parse_notice``) dies
# with its request: the check ran again for every response, a few ms of CPU per 304.
# The spider's callbacks return nothing (a lint for spider authors, not a crawl check).
WARN_ON_GENERATOR_RETURN_VALUE = False
# (Scrapy's default scheduler queue, DownloaderAwarePriorityQueue, hands out requests
# for the host with the fewest under way: a slow host does not hold up the others.)

# Size and time limits: a notice is rarely over 1 MB; Scrapy's default cap is 1 GiB.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30  # per target: Target.timeout (request meta download_timeout)

# Transient failures are retried, then the last response (e.g. a 503) or failure is
# delivered to the spider, which turns it into a FetchedNotice for the monitor to judge.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Giving up is not an error of the crawl: the failure is recorded per target by the monitor.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# Retries wait (crawler.middlewares.PatientRetryMiddleware): what Retry-After asks, up to
# this many seconds (a longer wait is not retried), else 1 s, 2 s, ... between attempts.
NOTICEWATCH_RETRY_AFTER_MAX = 60.0
NOTICEWATCH_RETRY_BACKOFF = 1.0

# Every status reaches the spider (304, 404, 500 ...): the monitor decides what it means.
# A setting rather than the ``handle_httpstatus_all`` request meta key, which would also
# switch off RedirectMiddleware for that request.
HTTPERROR_ALLOW_ALL = True
REDIRECT_ENABLED = True

# Regional variants: one cookie jar per target (request meta "cookiejar").
COOKIES_ENABLED = True

# No HTTP cache: conditional requests are sent explicitly with the stored validators, and a
# cache keyed on the URL would mix regional variants.
HTTPCACHE_ENABLED = False

# Regional variants of one URL (other Accept-Language, cookies, proxy) must not be one request.
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprint.TargetRequestFingerprinter"

DOWNLOADER_MIDDLEWARES = {
    # Before HttpProxyMiddleware (750): robots.txt goes through the target's proxy too.
    "crawler.middlewares.RobotsTxtProxyMiddleware": 740,
    # Sees a redirect before RedirectMiddleware (600) does: a move to another host is not
    # followed unless the target says follow_redirects = "any".
    "crawler.middlewares.RedirectPolicyMiddleware": 610,
    # First of all: a stopping crawl sends nothing more (no queued page, no retry).
    "crawler.middlewares.StopGuardMiddleware": 1,
    # Retries that honour Retry-After and back off (replaces Scrapy's RetryMiddleware).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.PatientRetryMiddleware": 550,
    # After MetaRefreshMiddleware (580) in a response's way back: the text it decoded
    # from the body is not kept while the page waits to be recorded.
    "crawler.middlewares.DecodedTextReleaseMiddleware": 575,
    # robots.txt kept across crawls for as long as its cache headers say (else a day).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.CachedRobotsTxtMiddleware": 100,
    # Each middleware is a step of every request (a 304 costs what these steps cost). Not
    # needed here: OffsiteMiddleware (the spider has no allowed_domains), HttpAuthMiddleware
    # (no http_user; a target sends an Authorization header with ``headers``).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
}
# Scrapy's statistics, looked up without its per-access deprecation hook (crawler/stats.py).
STATS_CLASS = "crawler.stats.PlainStatsCollector"
# Per-request download statistics nobody reads (DownloaderStats middleware).
DOWNLOADER_STATS = False
# Spider middlewares that only count or warn: DepthMiddleware (no DEPTH_LIMIT; depth
# statistics) and MetaCopyDetectionMiddleware (a lint for spiders copying response.meta).
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
NOTICEWATCH_ROBOTS_CACHE_SECONDS = 86_400

# No connection to loopback, private, link-local or metadata addresses (checked on the
# resolved address at connection time) unless the target allows it: crawler/guard.py.
# render = "browser" targets go through scrapy-playwright and the system Chromium, started
# only when a crawl has one (crawler/render.py); every other request uses the guarded handler.
DOWNLOAD_HANDLERS = {
    "http": "crawler.render.RenderingDownloadHandler",
    "https": "crawler.render.RenderingDownloadHandler",
}
NOTICEWATCH_ALLOW_PRIVATE_NETWORKS = False
# Rendered pages open at once in a crawl (each is a Chromium renderer, 50-150 MB), and the
# V8 heap limit of each; NOTICEWATCH_CHROMIUM names the browser (else the environment
# variable of that name, else the PATH).
NOTICEWATCH_BROWSER_PAGES = 2
NOTICEWATCH_BROWSER_HEAP_MB = 512
NOTICEWATCH_CHROMIUM = ""

ITEM_PIPELINES = {
    "crawler.pipelines.NoticePipeline": 300,
}

TELNETCONSOLE_ENABLED = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
# `scrapy crawl` logs at INFO; crawler.runner lowers this to WARNING for the CLI.
LOG_LEVEL = "INFO"
