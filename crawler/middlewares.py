"""Downloader middlewares of the noticewatch crawler."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from scrapy.utils.httpobj import urlparse_cached

from crawler.fingerprint import TARGET_ID_META

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
